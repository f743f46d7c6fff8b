/**
 * The consensus write-ahead log: a checksummed append-only record file ({@link
 * io.lattice.consensus.wal.Wal}) that repairs a torn tail, and the records the Tendermint shell
 * writes to it and replays after a crash ({@link io.lattice.consensus.wal.ConsensusWal}).
 */
package io.lattice.consensus.wal;
