package io.lattice.consensus.evidence;

import java.time.Duration;

/**
 * How long evidence stays admissible and how much of a block it may fill (CometBFT's {@code
 * EvidenceParams}). Evidence is too old only when it is older than <em>both</em> limits, so a chain
 * that stalls or races still keeps it for the unbonding period's worth of time or blocks.
 *
 * @param maxAgeNumBlocks most blocks between the evidence height and the current height
 * @param maxAgeDuration most time between the evidence block's time and the current block time
 * @param maxBytes most bytes of evidence encodings in one block
 */
public record EvidenceParams(long maxAgeNumBlocks, Duration maxAgeDuration, long maxBytes) {
  /** CometBFT's defaults: 100,000 blocks, 48 hours, 1 MiB. */
  public static final EvidenceParams DEFAULT =
      new EvidenceParams(100_000, Duration.ofDays(2), 1 << 20);

  public EvidenceParams {
    if (maxAgeNumBlocks <= 0) {
      throw new IllegalArgumentException(
          "evidence max_age_num_blocks must be positive, got " + maxAgeNumBlocks);
    }
    if (maxAgeDuration.isNegative() || maxAgeDuration.isZero()) {
      throw new IllegalArgumentException(
          "evidence max_age_duration must be positive, got " + maxAgeDuration);
    }
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("evidence max_bytes must be positive, got " + maxBytes);
    }
  }
}
