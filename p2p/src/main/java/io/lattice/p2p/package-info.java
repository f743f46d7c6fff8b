/**
 * The p2p layer's public values: node ids and peer addresses, channel descriptors, configuration,
 * the channel handler and peer listener callbacks. The switch itself lives in {@code peer}, the
 * encrypted transport in {@code transport}, the consensus gossip adapter in {@code consensus}.
 */
package io.lattice.p2p;
