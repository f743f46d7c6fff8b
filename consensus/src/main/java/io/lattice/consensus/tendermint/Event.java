package io.lattice.consensus.tendermint;

import io.lattice.proto.consensus.v1.BlockPart;
import io.lattice.proto.consensus.v1.ConsensusMessage;
import io.lattice.proto.consensus.v1.Proposal;
import io.lattice.proto.consensus.v1.Vote;
import io.lattice.proto.types.v1.Block;
import io.lattice.proto.types.v1.Commit;
import io.lattice.proto.types.v1.Validator;
import java.util.List;

/**
 * What the shell hands to {@link ConsensusCore#handle}. Events carry no wall-clock time: the core
 * is a function of the sequence of events it was given, which is what the write-ahead log records
 * and what makes replay and simulation deterministic.
 */
public sealed interface Event {
  /**
   * Begin height {@code height} at round 0 (spec line 10, "upon start"). {@code validators} decide
   * this height, {@code nextValidators} the next one (both with their proposer priorities, as the
   * node persisted them; for the first height {@code ValidatorSet.genesis(set)} and its {@code
   * incrementPriority(1)}). {@code lastCommit} decided block {@code height - 1} (the default
   * instance for the first block) and is carried by the block proposed at this height.
   */
  record Start(long height, ValidatorSet validators, ValidatorSet nextValidators, Commit lastCommit)
      implements Event {}

  /** A proposal from peer {@code peer} (a free-form peer id the shell uses to score peers). */
  record ProposalReceived(Proposal proposal, String peer) implements Event {}

  record VoteReceived(Vote vote, String peer) implements Event {}

  /**
   * A part of a proposed block (spec "Block transfer"): accepted when it proves to be a part of the
   * part set of the (height, round) proposal, buffered (bounded) when that proposal has not arrived
   * yet. When the last part is in, the block is decoded and handled as the proposal's.
   */
  record BlockPartReceived(BlockPart part, String peer) implements Event {}

  /** A timeout requested by {@link Action.ScheduleTimeout} fell due. */
  record TimeoutFired(long height, int round, Step step) implements Event {}

  /**
   * The block of the last {@link Action.Decide} is durable. {@code validatorUpdates} are the
   * changes the application returned for it (power 0 removes a validator); they apply to the set of
   * height {@code height + 2}. The core then waits the commit timeout and starts {@code height +
   * 1}.
   */
  record Committed(long height, List<Validator> validatorUpdates) implements Event {
    public Committed {
      validatorUpdates = List.copyOf(validatorUpdates);
    }
  }

  /**
   * Catch-up: a peer (or block sync) delivered block {@code block} of the current height with the
   * commit that decided it. Verified against the current validator set, then decided.
   */
  record CommitReceived(Block block, Commit commit, String peer) implements Event {}

  /**
   * Replay only, before {@link Start}: a message this validator signed and logged before a crash.
   * Where the core would sign a message for the same (height, round, type) it reuses this one
   * instead, so a restarted validator never signs anything that conflicts with what it may have
   * sent.
   */
  record OwnMessageRecovered(ConsensusMessage message) implements Event {}
}
