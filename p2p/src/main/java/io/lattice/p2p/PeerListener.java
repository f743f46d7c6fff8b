package io.lattice.p2p;

/**
 * Hears peers come and go. Called on a network thread; must not block. A peer that reconnects
 * produces a new {@link #connected}; a duplicate connection that replaces another one produces
 * nothing.
 */
public interface PeerListener {
  default void connected(PeerInfo peer) {}

  default void disconnected(NodeId peer, String reason) {}
}
