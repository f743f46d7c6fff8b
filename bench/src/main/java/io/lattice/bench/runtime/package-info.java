/**
 * Benchmarks of the state machine: block execution of signed transfers through {@code LatticeApp}
 * on the real state tree and RocksDB.
 */
package io.lattice.bench.runtime;
