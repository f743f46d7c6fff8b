/**
 * Rules every engine shares for blocks: the header hashes ({@link
 * io.lattice.consensus.block.BlockHashes}), the bytes a validator signs ({@link
 * io.lattice.consensus.block.Votes}) and the checks a block and its commit must pass when loaded or
 * served ({@link io.lattice.consensus.block.BlockVerifier}).
 */
package io.lattice.consensus.block;
