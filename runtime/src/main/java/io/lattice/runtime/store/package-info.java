/**
 * State access layers: the {@link io.lattice.runtime.store.CommitStore} port (the versioned state
 * tree behind the app hash) and its adapter to the storage module's tree, the {@link
 * io.lattice.runtime.store.CacheStore} that gives blocks, transactions and messages their own
 * rollback-able write buffers, and the gas-metering {@link io.lattice.runtime.store.GasStore}.
 */
package io.lattice.runtime.store;
