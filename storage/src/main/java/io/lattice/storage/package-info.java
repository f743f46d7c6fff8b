/**
 * Storage ports and adapters: the {@link io.lattice.storage.KeyValueStore} port with RocksDB and
 * in-memory implementations, the versioned authenticated state tree, the block store and the
 * transaction index.
 */
package io.lattice.storage;
