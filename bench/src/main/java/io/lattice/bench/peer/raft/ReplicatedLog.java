package io.lattice.bench.peer.raft;

import java.util.Map;
import java.util.function.LongConsumer;

/**
 * A replicated log under test: a cluster of nodes that a client appends opaque payloads to.
 *
 * <p>Contract: {@link #start} brings the cluster up until it can commit (a leader elected, the
 * first block decided); {@link #append} never blocks for long and reports the payload's id to the
 * listener given to {@link #start} once the entry is committed (durable on a quorum and applied
 * where the client measures it), on any thread; {@link #close} stops every server and thread it
 * started and deletes nothing (the caller owns the directories).
 */
sealed interface ReplicatedLog extends AutoCloseable permits RatisLog, LatticeLog {
  /** Name and version, e.g. "ratis 3.3.0" (the JSON's {@code system}). */
  String system();

  void start(LongConsumer committed) throws Exception;

  /** Appends {@code payload} (which starts with its id, {@link NoopApplication#payload}). */
  void append(byte[] payload);

  /** How the figures were obtained: transport, persistence, batching, timeouts. */
  String conditions();

  /**
   * Counters of the protocol's own work since {@link #start} (e.g. blocks, signatures, messages),
   * for the costs of BFT; keys are snake_case JSON names.
   */
  Map<String, Long> counters();

  @Override
  void close();
}
