package io.lattice.node.load;

import java.util.Arrays;
import java.util.Locale;

/** Percentiles of a set of durations in nanoseconds, printed in milliseconds. */
public record LatencyStats(int count, double p50, double p90, double p99, double max) {
  public static LatencyStats ofNanos(long[] values) {
    if (values.length == 0) {
      return new LatencyStats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return new LatencyStats(
        sorted.length,
        at(sorted, 0.50) / 1e6,
        at(sorted, 0.90) / 1e6,
        at(sorted, 0.99) / 1e6,
        sorted[sorted.length - 1] / 1e6);
  }

  private static long at(long[] sorted, double q) {
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  }

  @Override
  public String toString() {
    if (count == 0) {
      return "no samples";
    }
    return String.format(
        Locale.ROOT,
        "p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms (n=%d)",
        p50,
        p90,
        p99,
        max,
        count);
  }
}
