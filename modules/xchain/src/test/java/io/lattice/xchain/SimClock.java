package io.lattice.xchain;

import java.time.Duration;
import java.time.Instant;

/**
 * Time shared by the chains of a test network: every block of any chain moves it forward by the
 * block time, so chains that produce blocks at different rates still agree on the time.
 */
final class SimClock {
  private Instant now;

  SimClock(Instant start) {
    this.now = start;
  }

  Instant now() {
    return now;
  }

  void advance(Duration d) {
    now = now.plus(d);
  }
}
