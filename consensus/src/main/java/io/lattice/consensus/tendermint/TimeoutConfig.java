package io.lattice.consensus.tendermint;

import java.time.Duration;

/**
 * Round timeouts (docs/spec/consensus.md, "Timeouts"): the timeout of step s in round r is {@code
 * base_s + r * delta_s}, so that after GST some round lasts long enough for every honest validator
 * to hear the others. {@code commit} is the wait after a decision before the next height, which
 * lets late precommits arrive and paces blocks.
 */
public record TimeoutConfig(
    Duration proposeBase,
    Duration proposeDelta,
    Duration prevoteBase,
    Duration prevoteDelta,
    Duration precommitBase,
    Duration precommitDelta,
    Duration commit) {
  public TimeoutConfig {
    for (Duration d :
        new Duration[] {
          proposeBase,
          proposeDelta,
          prevoteBase,
          prevoteDelta,
          precommitBase,
          precommitDelta,
          commit
        }) {
      if (d.isNegative()) {
        throw new IllegalArgumentException("consensus timeouts must not be negative, got " + d);
      }
    }
    if (proposeBase.isZero() || prevoteBase.isZero() || precommitBase.isZero()) {
      throw new IllegalArgumentException(
          "base timeouts of propose, prevote, precommit must be > 0");
    }
  }

  /** Propose 3 s + 0.5 s per round, prevote and precommit 1 s + 0.5 s per round, commit 1 s. */
  public static TimeoutConfig defaults() {
    return new TimeoutConfig(
        Duration.ofSeconds(3),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(500),
        Duration.ofSeconds(1));
  }

  /** The timeout of {@code step} in round {@code round}. */
  public Duration of(Step step, int round) {
    return switch (step) {
      case PROPOSE -> proposeBase.plus(proposeDelta.multipliedBy(round));
      case PREVOTE -> prevoteBase.plus(prevoteDelta.multipliedBy(round));
      case PRECOMMIT -> precommitBase.plus(precommitDelta.multipliedBy(round));
      case COMMIT -> commit;
    };
  }
}
