/**
 * Deterministic multi-node simulation of the Tendermint engine: one seeded virtual-time scheduler,
 * a lossy partitionable network, crashes with torn WAL tails, a Byzantine equivocator, and the
 * safety and liveness checks of every run. See docs/spec/simulation.md.
 */
package io.lattice.sim;
