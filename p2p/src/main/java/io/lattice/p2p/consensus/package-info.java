/**
 * Reactors that put the p2p switch under other layers' network ports; {@link
 * io.lattice.p2p.consensus.P2pConsensusNetwork} is the Tendermint engine's gossip.
 */
package io.lattice.p2p.consensus;
