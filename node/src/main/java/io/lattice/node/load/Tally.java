package io.lattice.node.load;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Helpers the load results share: counts by reason, and the rows of their text tables. */
public final class Tally {
  private Tally() {}

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
