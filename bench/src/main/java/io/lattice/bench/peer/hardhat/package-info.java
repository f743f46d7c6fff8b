/**
 * Lattice beside an Ethereum dev node (issue 7): a {@code hardhat@2.28.6} node in automine mode,
 * started from {@code bench/hardhat}, under the same kind of load as Lattice's network bench —
 * value transfers from N funded senders, signed with web3j before the clock starts, submitted over
 * HTTP JSON-RPC by concurrent lanes and timed from submission to the mined block the client sees
 * ({@link io.lattice.bench.peer.hardhat.HardhatBench}, run by {@code scripts/bench-hardhat}).
 */
package io.lattice.bench.peer.hardhat;
