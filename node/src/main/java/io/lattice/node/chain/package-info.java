/**
 * The node's composition root: small factories that open storage, build the application, check it
 * against the block store on start, and wire the mempool, the Tendermint engine (with its signer,
 * WAL and evidence pool) and the API around {@link io.lattice.node.chain.ChainNode}, the node's
 * {@link io.lattice.node.api.ChainView}. {@link io.lattice.node.chain.LatticeNode} is one running
 * node; {@link io.lattice.node.chain.LocalNetwork} runs several validators in one process.
 */
package io.lattice.node.chain;
