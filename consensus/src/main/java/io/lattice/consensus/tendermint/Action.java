package io.lattice.consensus.tendermint;

import io.lattice.proto.consensus.v1.ConsensusMessage;
import io.lattice.proto.consensus.v1.Vote;
import io.lattice.proto.types.v1.Block;
import io.lattice.proto.types.v1.Commit;
import java.time.Duration;

/** What {@link ConsensusCore#handle} asks the shell to do, in order. */
public sealed interface Action {
  /**
   * Send a message this validator signed to every peer. The shell appends it to the write-ahead log
   * as an own message, with fsync, before it leaves the process.
   */
  record Broadcast(ConsensusMessage message) implements Action {}

  /**
   * Deliver {@link Event.TimeoutFired}{@code (height, round, step)} after {@code after}. Timeouts
   * are never cancelled: the core ignores one whose (height, round, step) has passed.
   */
  record ScheduleTimeout(long height, int round, Step step, Duration after) implements Action {}

  /**
   * Block {@code block} is decided at {@code height} by {@code commit} (+2/3 precommits of round
   * {@code round}). The shell executes and persists it, writes the end-height WAL marker, and then
   * hands {@link Event.Committed} to the core.
   */
  record Decide(long height, int round, Block block, Commit commit) implements Action {}

  /**
   * Two validly signed votes of one validator for the same (height, round, type) and different
   * block ids: duplicate-vote evidence for the evidence pool. Both stay counted for their block ids
   * (see {@link VoteSet#MAX_VOTES_PER_VALIDATOR}), but the validator's power once in total.
   */
  record Equivocation(Vote first, Vote second) implements Action {}

  /**
   * An input was ignored; {@code reason} names the rule it broke. {@code peer} is the sender (empty
   * for the shell's own inputs), to count against it.
   */
  record Dropped(String peer, String reason) implements Action {}

  /** The signer refused to sign (double-sign protection); the core carries on without it. */
  record SignRefused(String reason) implements Action {}
}
