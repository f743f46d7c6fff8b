/**
 * What every engine shares about the chain it extends: the {@link
 * io.lattice.consensus.chain.ChainTip} (last block, its commit, results and app hash) and how the
 * next block's header is built on it.
 */
package io.lattice.consensus.chain;
