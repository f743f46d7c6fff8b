package io.lattice.node.load;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one load run measured. Finality is submission to the block holding the transaction arriving
 * on the event stream; admission is submission to the node's answer. {@code finalizedPerSecond}
 * counts committed transactions over the time from the first submission to the last commit; {@code
 * windowFinalizedPerSecond} only those committed while submissions were still going on.
 */
public record LoadResult(
    String name,
    double offeredRate,
    int submitted,
    int accepted,
    Map<String, Integer> rejections,
    long busyRetries,
    int committed,
    double submitSeconds,
    double finalizedPerSecond,
    double windowFinalizedPerSecond,
    LatencyStats finality,
    LatencyStats admission,
    long firstHeight,
    long lastHeight,
    List<Second> series) {

  /** One second of the run (counted from the first submission). */
  public record Second(int second, int submitted, int committed, double p50Ms, double p99Ms) {}

  public LoadResult {
    rejections = Map.copyOf(rejections);
    series = List.copyOf(series);
  }

  static LoadResult of(
      String name,
      double rate,
      long start,
      long submittedUntil,
      List<TransferLoad.Tx> txs,
      long busyRetries,
      Map<String, Integer> rejections) {
    List<TransferLoad.Tx> sent = txs.stream().filter(t -> t.submittedAt != 0).toList();
    Map<String, Integer> reasons = new HashMap<>(rejections);
    for (TransferLoad.Tx t : sent) {
      if (t.committedAt != 0 && t.code != 0) {
        reasons.merge(
            "failed in block (code " + t.code + "): " + t.log.replaceAll("\\d+", "N"),
            1,
            Integer::sum);
      }
    }
    // a transaction that failed in its block counts as not committed
    Tally.Figures f =
        Tally.figures(
            sent.stream()
                .map(t ->
                    new Tally.Timing(
                        t.submittedAt, t.acceptedAt, t.code == 0 ? t.committedAt : 0, t.height))
                .toList(),
            start,
            submittedUntil);
    return new LoadResult(
        name,
        rate,
        f.submitted(),
        f.accepted(),
        reasons,
        busyRetries,
        f.committed(),
        f.submitSeconds(),
        f.perSecond(),
        f.perSecondWithinSubmission(),
        f.finality(),
        f.admission(),
        f.firstHeight(),
        f.lastHeight(),
        series(start, sent));
  }

  private static List<Second> series(long start, List<TransferLoad.Tx> sent) {
    TreeMap<Integer, Integer> submitted = new TreeMap<>();
    TreeMap<Integer, List<Long>> committed = new TreeMap<>();
    for (TransferLoad.Tx t : sent) {
      submitted.merge(second(start, t.submittedAt), 1, Integer::sum);
      if (t.committedAt != 0 && t.code == 0) {
        committed
            .computeIfAbsent(second(start, t.committedAt), k -> new ArrayList<>())
            .add(t.committedAt - t.submittedAt);
      }
    }
    int last =
        Math.max(
            submitted.isEmpty() ? 0 : submitted.lastKey(),
            committed.isEmpty() ? 0 : committed.lastKey());
    List<Second> out = new ArrayList<>();
    for (int s = 0; s <= last; s++) {
      List<Long> lat = committed.getOrDefault(s, List.of());
      LatencyStats st = LatencyStats.ofNanos(lat.stream().mapToLong(Long::longValue).toArray());
      out.add(new Second(s, submitted.getOrDefault(s, 0), lat.size(), st.p50(), st.p99()));
    }
    return out;
  }

  private static int second(long start, long at) {
    return (int) Math.max(0, (at - start) / 1_000_000_000L);
  }

  public int rejected() {
    return Tally.total(rejections);
  }

  /** The rejection reasons, most frequent first. */
  public Map<String, Integer> rejectionsByCount() {
    return Tally.mostFrequentFirst(rejections);
  }

  private String offered() {
    return offeredRate > 0 ? String.format(Locale.ROOT, "%.0f tx/s", offeredRate) : "max";
  }

  /** The figures as an aligned two-column table. */
  public String table() {
    StringBuilder s = new StringBuilder();
    Tally.row(s, "offered rate", offered());
    Tally.row(
        s,
        "submitted",
        String.format(
            Locale.ROOT, "%d in %.1f s (%.0f tx/s)", submitted, submitSeconds, perSecond()));
    Tally.row(s, "accepted", Integer.toString(accepted));
    Tally.row(s, "busy retries (503)", Long.toString(busyRetries));
    Tally.row(s, "rejected", Integer.toString(rejected()));
    rejectionsByCount().forEach((reason, n) -> Tally.row(s, "  " + n + " ×", reason));
    Tally.row(
        s,
        "committed",
        committed + (committed > 0 ? " in blocks " + firstHeight + ".." + lastHeight : ""));
    Tally.row(s, "finalized transfers/s", String.format(Locale.ROOT, "%.1f", finalizedPerSecond));
    Tally.row(s, "commit latency", finality.toString());
    Tally.row(s, "admission latency", admission.toString());
    return s.toString();
  }

  private double perSecond() {
    return submitSeconds > 0 ? submitted / submitSeconds : 0;
  }

  /** The figures, with the per-second series, into {@code out}. */
  public ObjectNode toJson(ObjectNode out) {
    out.put("offered_rate", offeredRate > 0 ? Double.toString(offeredRate) : "max");
    out.put("submitted", submitted);
    out.put("submit_seconds", round(submitSeconds));
    out.put("accepted", accepted);
    out.put("busy_retries", busyRetries);
    out.put("rejected", rejected());
    ObjectNode reasons = out.putObject("rejected_by_reason");
    rejectionsByCount().forEach(reasons::put);
    out.put("committed", committed);
    out.put("first_height", firstHeight);
    out.put("last_height", lastHeight);
    out.put("finalized_tps", round(finalizedPerSecond));
    out.put("finalized_tps_within_submission", round(windowFinalizedPerSecond));
    latency(out.putObject("commit_latency_ms"), finality);
    latency(out.putObject("admission_latency_ms"), admission);
    var seconds = out.putArray("series");
    for (Second sec : series) {
      ObjectNode o = seconds.addObject();
      o.put("second", sec.second());
      o.put("submitted", sec.submitted());
      o.put("committed", sec.committed());
      if (sec.committed() > 0) {
        o.put("p50_ms", round(sec.p50Ms()));
        o.put("p99_ms", round(sec.p99Ms()));
      }
    }
    return out;
  }

  private static void latency(ObjectNode o, LatencyStats s) {
    o.put("count", s.count());
    if (s.count() > 0) {
      o.put("p50", round(s.p50()));
      o.put("p90", round(s.p90()));
      o.put("p99", round(s.p99()));
      o.put("max", round(s.max()));
    }
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "%s: offered %s, submitted in %.1f s = %.0f tx/s (%d submitted, %d accepted, %d"
            + " rejected, %d busy retries);"
            + " %d finalized in blocks %d..%d = %.0f tx/s sustained (%.0f tx/s within the"
            + " submission window); finality %s; REST admission %s%s",
        name,
        offered(),
        submitSeconds,
        perSecond(),
        submitted,
        accepted,
        rejected(),
        busyRetries,
        committed,
        firstHeight,
        lastHeight,
        finalizedPerSecond,
        windowFinalizedPerSecond,
        finality,
        admission,
        rejections.isEmpty() ? "" : "; rejections: " + rejectionsByCount());
  }
}
