package io.lattice.storage.block;

/** Where a transaction sits: block height and index within the block. */
public record TxLocation(long height, int index) {}
