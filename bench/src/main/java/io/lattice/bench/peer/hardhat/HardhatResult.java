package io.lattice.bench.peer.hardhat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.node.load.LatencyStats;
import io.lattice.node.load.Tally;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one measured run saw. Commit latency is submission to the client seeing the transfer in a
 * mined block; acceptance latency is submission to the node's answer (with automine the block is
 * mined before that answer). {@code tps} counts committed transfers over the time from the first
 * submission to the last commit; {@code tpsWithinSubmission} only those committed while submissions
 * were still going on, over the submission time.
 */
public record HardhatResult(
    int submitted,
    int accepted,
    Map<String, Integer> rejections,
    int committed,
    double submitSeconds,
    double tps,
    double tpsWithinSubmission,
    LatencyStats commit,
    LatencyStats acceptance,
    long firstBlock,
    long lastBlock) {

  public HardhatResult {
    rejections = Map.copyOf(rejections);
  }

  static HardhatResult of(List<Transfer> txs, long start, long submittedUntil) {
    List<Transfer> sent = txs.stream().filter(t -> t.submittedAt != 0).toList();
    Map<String, Integer> reasons = new TreeMap<>();
    for (Transfer t : sent) {
      if (t.acceptedAt == 0 && !t.rejection.isEmpty()) {
        reasons.merge(t.rejection, 1, Integer::sum);
      }
    }
    Tally.Figures f =
        Tally.figures(
            sent.stream()
                .map(t -> new Tally.Timing(t.submittedAt, t.acceptedAt, t.committedAt, t.block))
                .toList(),
            start,
            submittedUntil);
    return new HardhatResult(
        f.submitted(),
        f.accepted(),
        reasons,
        f.committed(),
        f.submitSeconds(),
        f.perSecond(),
        f.perSecondWithinSubmission(),
        f.finality(),
        f.admission(),
        f.firstHeight(),
        f.lastHeight());
  }

  public int rejected() {
    return Tally.total(rejections);
  }

  /** The rejection reasons, most frequent first. */
  public Map<String, Integer> rejectionsByCount() {
    return Tally.mostFrequentFirst(rejections);
  }

  /** The figures as an aligned two-column table. */
  public String table() {
    StringBuilder s = new StringBuilder();
    Tally.row(
        s,
        "submitted",
        String.format(
            Locale.ROOT,
            "%d in %.1f s (%.0f tx/s)",
            submitted,
            submitSeconds,
            submitted / submitSeconds));
    Tally.row(s, "accepted", Integer.toString(accepted));
    Tally.row(s, "rejected", Integer.toString(rejected()));
    rejectionsByCount().forEach((reason, n) -> Tally.row(s, "  " + n + " ×", reason));
    Tally.row(
        s,
        "committed",
        committed + (committed > 0 ? " in blocks " + firstBlock + ".." + lastBlock : ""));
    Tally.row(s, "finalized transfers/s", String.format(Locale.ROOT, "%.1f", tps));
    Tally.row(s, "  within submission", String.format(Locale.ROOT, "%.1f", tpsWithinSubmission));
    Tally.row(s, "commit latency", commit.toString());
    Tally.row(s, "accept latency", acceptance.toString());
    return s.toString();
  }

  /** The figures as flat keys of {@code out} (the reasons as one object). */
  public ObjectNode toJson(ObjectNode out) {
    out.put("submitted", submitted);
    out.put("submit_seconds", round(submitSeconds));
    out.put("accepted", accepted);
    out.put("rejected", rejected());
    ObjectNode reasons = out.putObject("rejected_by_reason");
    rejectionsByCount().forEach(reasons::put);
    out.put("committed", committed);
    out.put("tps", round(tps));
    out.put("tps_within_submission", round(tpsWithinSubmission));
    latency(out, "", commit);
    latency(out, "accept_", acceptance);
    out.put("first_block", firstBlock);
    out.put("last_block", lastBlock);
    return out;
  }

  private static void latency(ObjectNode o, String prefix, LatencyStats s) {
    if (s.count() == 0) {
      for (String q : List.of("p50", "p90", "p99", "max")) {
        o.putNull(prefix + q + "_ms");
      }
      return;
    }
    o.put(prefix + "p50_ms", round(s.p50()));
    o.put(prefix + "p90_ms", round(s.p90()));
    o.put(prefix + "p99_ms", round(s.p99()));
    o.put(prefix + "max_ms", round(s.max()));
  }

  static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
