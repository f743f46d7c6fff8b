package io.lattice.consensus.app;

import java.time.Instant;

/**
 * Verified evidence of a validator's misbehaviour carried by a block.
 *
 * @param validatorAddress the consensus address (20 bytes) of the offender
 * @param height the height at which the offence was committed
 * @param time the block time of {@code height}
 * @param totalVotingPower the total voting power of the validator set at {@code height}
 */
public record Misbehavior(
    Type type, byte[] validatorAddress, long height, Instant time, long totalVotingPower) {

  /** The kinds of evidence the engines produce. */
  public enum Type {
    /** Two signed votes of one validator for different blocks at the same height and round. */
    DUPLICATE_VOTE
  }
}
