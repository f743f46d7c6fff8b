package io.lattice.p2p;

/**
 * Receives the complete messages of one channel. Called on the connection's network thread, in the
 * order the peer sent them: it must not block (hand heavy work to another executor). An exception
 * it throws is logged and the message counted as handled; the connection stays up.
 */
@FunctionalInterface
public interface ChannelHandler {
  void received(NodeId peer, byte[] message);
}
