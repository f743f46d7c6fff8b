/**
 * Peer management: the {@link io.lattice.p2p.peer.Switch} (listen, dial, persistent peers with
 * backoff, seeds, anchors, per-channel handlers, broadcast), the ban list and the address groups
 * used to limit inbound peers.
 */
package io.lattice.p2p.peer;
