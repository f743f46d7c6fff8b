/**
 * Lattice's Tendermint consensus as a replicated log, side by side with Apache Ratis (Raft, crash
 * faults only): four nodes each, persistent logs, opaque payloads of the same size that a no-op
 * state machine applies, a closed-loop client keeping the same number of payloads in flight. {@link
 * io.lattice.bench.peer.raft.ReplicatedLogBench} runs both and reports committed entries/s, latency
 * percentiles and what the BFT protocol costs per block (signatures, messages, fsyncs).
 */
package io.lattice.bench.peer.raft;
