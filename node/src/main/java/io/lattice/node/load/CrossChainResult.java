package io.lattice.node.load;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one {@link CrossChainLoad} run measured. Latency is submission of the starting transaction
 * to the block that records the operation's end on the currency chain arriving on the event stream
 * ({@code AtomicSuccess} samples only); {@code opsPerSecond} counts {@code AtomicSuccess}
 * operations over the time from the first submission to the last of them.
 */
public record CrossChainResult(
    double offeredRate,
    int submitted,
    int accepted,
    Map<String, Integer> rejections,
    int atomicSuccess,
    int rolledBack,
    int failed,
    int unfinished,
    Map<String, Integer> rollbackReasons,
    double submitSeconds,
    double opsPerSecond,
    LatencyStats latency,
    LatencyStats startLatency,
    long firstHeight,
    long lastHeight) {

  public CrossChainResult {
    rejections = Map.copyOf(rejections);
    rollbackReasons = Map.copyOf(rollbackReasons);
  }

  static CrossChainResult of(
      double rate,
      long start,
      long submittedUntil,
      List<CrossChainLoad.Op> ops,
      Map<String, Integer> rejections,
      long firstHeight,
      long lastHeight) {
    int submitted = 0;
    int accepted = 0;
    int success = 0;
    int rolledBack = 0;
    int failed = 0;
    int unfinished = 0;
    Map<String, Integer> reasons = new HashMap<>();
    long lastSuccess = start;
    long firstSubmit = Long.MAX_VALUE;
    List<Long> latencies = new java.util.ArrayList<>();
    List<Long> starts = new java.util.ArrayList<>();
    for (CrossChainLoad.Op op : ops) {
      if (op.submittedAt == 0) {
        continue;
      }
      submitted++;
      firstSubmit = Math.min(firstSubmit, op.submittedAt);
      if (op.acceptedAt == 0) {
        continue;
      }
      accepted++;
      if (op.startedAt != 0) {
        starts.add(op.startedAt - op.submittedAt);
      }
      switch (op.status) {
        case CrossChainLoad.SUCCESS -> {
          success++;
          if (op.finishedAt != 0) {
            latencies.add(op.finishedAt - op.submittedAt);
            lastSuccess = Math.max(lastSuccess, op.finishedAt);
          }
        }
        case CrossChainLoad.ROLLED_BACK -> {
          rolledBack++;
          reasons.merge(op.reason.replaceAll("\\d+", "N"), 1, Integer::sum);
        }
        case CrossChainLoad.FAILED -> {
          failed++;
          reasons.merge("failed: " + op.reason.replaceAll("\\d+", "N"), 1, Integer::sum);
        }
        default -> unfinished++;
      }
    }
    long from = firstSubmit == Long.MAX_VALUE ? start : firstSubmit;
    double window = (lastSuccess - from) / 1e9;
    return new CrossChainResult(
        rate,
        submitted,
        accepted,
        rejections,
        success,
        rolledBack,
        failed,
        unfinished,
        reasons,
        Math.max(0, (submittedUntil - from) / 1e9),
        window > 0 ? latencies.size() / window : 0,
        LatencyStats.ofNanos(latencies.stream().mapToLong(Long::longValue).toArray()),
        LatencyStats.ofNanos(starts.stream().mapToLong(Long::longValue).toArray()),
        firstHeight,
        lastHeight);
  }

  public int rejected() {
    return Tally.total(rejections);
  }

  /** The figures as an aligned two-column table. */
  public String table() {
    StringBuilder s = new StringBuilder();
    Tally.row(
        s,
        "offered rate",
        offeredRate > 0 ? String.format(Locale.ROOT, "%.0f ops/s", offeredRate) : "max");
    Tally.row(s, "submitted", String.format(Locale.ROOT, "%d in %.1f s", submitted, submitSeconds));
    Tally.row(s, "accepted", Integer.toString(accepted));
    Tally.row(s, "rejected", Integer.toString(rejected()));
    Tally.mostFrequentFirst(rejections).forEach((r, n) -> Tally.row(s, "  " + n + " ×", r));
    Tally.row(s, "AtomicSuccess", Integer.toString(atomicSuccess));
    Tally.row(s, "RolledBack", Integer.toString(rolledBack));
    Tally.row(s, "Failed", Integer.toString(failed));
    Tally.mostFrequentFirst(rollbackReasons).forEach((r, n) -> Tally.row(s, "  " + n + " ×", r));
    Tally.row(s, "not ended", Integer.toString(unfinished));
    Tally.row(s, "cross-chain ops/s", String.format(Locale.ROOT, "%.1f", opsPerSecond));
    Tally.row(s, "latency to AtomicSuccess", latency.toString());
    Tally.row(s, "latency to start commit", startLatency.toString());
    return s.toString();
  }

  /** The figures into {@code out}. */
  public ObjectNode toJson(ObjectNode out) {
    out.put("offered_rate", offeredRate > 0 ? Double.toString(offeredRate) : "max");
    out.put("submitted", submitted);
    out.put("submit_seconds", round(submitSeconds));
    out.put("accepted", accepted);
    out.put("rejected", rejected());
    ObjectNode r = out.putObject("rejected_by_reason");
    Tally.mostFrequentFirst(rejections).forEach(r::put);
    out.put("atomic_success", atomicSuccess);
    out.put("rolled_back", rolledBack);
    out.put("failed", failed);
    out.put("unfinished", unfinished);
    ObjectNode rb = out.putObject("rolled_back_by_reason");
    Tally.mostFrequentFirst(rollbackReasons).forEach(rb::put);
    out.put("ops_per_s", round(opsPerSecond));
    out.put("first_height", firstHeight);
    out.put("last_height", lastHeight);
    latency(out.putObject("atomic_latency_ms"), latency);
    latency(out.putObject("start_latency_ms"), startLatency);
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
}
