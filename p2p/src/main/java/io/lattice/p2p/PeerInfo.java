package io.lattice.p2p;

import java.net.InetSocketAddress;

/**
 * A connected, authenticated peer.
 *
 * @param remote the socket address of the other end (for an inbound peer, not its listen port)
 * @param outbound whether this node dialled
 */
public record PeerInfo(NodeId id, InetSocketAddress remote, boolean outbound) {}
