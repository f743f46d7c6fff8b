package io.lattice.node.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyStatsTest {
  @Test
  void statsTakeNearestRankPercentilesInMilliseconds() {
    long[] nanos = new long[100];
    for (int i = 0; i < nanos.length; i++) {
      nanos[i] = (100 - i) * 1_000_000L;
    }

    LatencyStats s = LatencyStats.ofNanos(nanos);

    assertThat(s.count()).isEqualTo(100);
    assertThat(s.p50()).isEqualTo(51.0);
    assertThat(s.p99()).isEqualTo(100.0);
    assertThat(s.max()).isEqualTo(100.0);
    assertThat(LatencyStats.ofNanos(new long[0]).toString()).isEqualTo("no samples");
  }
}
