/**
 * The block store and transaction index: blocks, hashes, commits and results per height, lookups by
 * block hash and transaction hash, and per-account transaction history, all staged into the
 * caller's per-block write batch. Bytes only: storage does not know the block format.
 */
package io.lattice.storage.block;
