/**
 * Kademlia peer discovery: the XOR-distance routing table with k-buckets, the PING / FIND_NODE
 * messages on the discovery channel, iterative lookups and the refresh that keeps enough peers
 * connected.
 */
package io.lattice.p2p.discovery;
