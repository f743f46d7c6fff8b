/**
 * Benchmarks of the BFT engine: four Tendermint validators in one process finalizing signed
 * transfers.
 */
package io.lattice.bench.consensus;
