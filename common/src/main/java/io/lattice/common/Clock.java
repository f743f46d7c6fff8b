package io.lattice.common;

import java.time.Instant;

/**
 * Wall-clock port. Consensus-critical code never reads the system clock directly: it takes a {@code
 * Clock} so that simulations and tests can control time. Implementations are thread-safe.
 */
@FunctionalInterface
public interface Clock {
  Instant now();

  /** The system clock. */
  static Clock system() {
    return Instant::now;
  }
}
