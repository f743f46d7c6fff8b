/**
 * Consensus engine ports: {@link io.lattice.consensus.ConsensusEngine} (what the node starts and
 * listens to), {@link io.lattice.consensus.BlockLedger} (where committed blocks go), {@link
 * io.lattice.consensus.Scheduler} (timers for an event-driven core) and its single-threaded
 * adapter. Engines live in sub-packages ({@code solo} now, Tendermint next); block hashing and
 * commit verification shared by all engines live in {@code block}.
 */
package io.lattice.consensus;
