package io.lattice.node.load;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the load results share: throughput and latency from the times of submitted transactions,
 * counts by reason, and the rows of their text tables.
 */
public final class Tally {
  private Tally() {}

  /**
   * One submitted transaction's {@link System#nanoTime()} times (0: it did not happen) and the
   * height of the block that committed it.
   */
  public record Timing(long submittedAt, long acceptedAt, long committedAt, long height) {}

  /**
   * Figures over submitted transactions: {@code perSecond} counts the committed ones from the first
   * submission to the last commit, {@code perSecondWithinSubmission} only those committed while
   * submissions went on; finality is submission to commit, admission submission to the node's
   * answer.
   */
  public record Figures(
      int submitted,
      int accepted,
      int committed,
      double submitSeconds,
      double perSecond,
      double perSecondWithinSubmission,
      LatencyStats finality,
      LatencyStats admission,
      long firstHeight,
      long lastHeight) {}

  /** The figures of {@code sent}, submitted from {@code start} until {@code submittedUntil}. */
  public static Figures figures(List<Timing> sent, long start, long submittedUntil) {
    List<Timing> done = sent.stream().filter(t -> t.committedAt() != 0).toList();
    long lastCommit = done.stream().mapToLong(Timing::committedAt).max().orElse(start);
    long inWindow = done.stream().filter(t -> t.committedAt() <= submittedUntil).count();
    double submitSeconds = Math.max(1e-9, (submittedUntil - start) / 1e9);
    return new Figures(
        sent.size(),
        (int) sent.stream().filter(t -> t.acceptedAt() != 0).count(),
        done.size(),
        submitSeconds,
        done.isEmpty() ? 0 : done.size() / ((lastCommit - start) / 1e9),
        inWindow / submitSeconds,
        LatencyStats.ofNanos(
            done.stream().mapToLong(t -> t.committedAt() - t.submittedAt()).toArray()),
        LatencyStats.ofNanos(
            sent.stream()
                .filter(t -> t.acceptedAt() != 0)
                .mapToLong(t -> t.acceptedAt() - t.submittedAt())
                .toArray()),
        done.stream().mapToLong(Timing::height).min().orElse(0),
        done.stream().mapToLong(Timing::height).max().orElse(0));
  }

  /** The sum of {@code counts}. */
  public static int total(Map<String, Integer> counts) {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** {@code counts}, most frequent first. */
  public static Map<String, Integer> mostFrequentFirst(Map<String, Integer> counts) {
    Map<String, Integer> sorted = new LinkedHashMap<>();
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return sorted;
  }

  /** Appends one row of a two-column text table: the label padded to 24 characters. */
  public static void row(StringBuilder s, String label, String value) {
    s.append(String.format(Locale.ROOT, "%-24s %s%n", label, value));
  }
}
