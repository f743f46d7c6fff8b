package io.lattice.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PerformanceReportTest {
  @TempDir Path dir;

  @Test
  void spliceReplacesOnlyTheMarkedSectionAndAppendsItWhenMissing() {
    String doc = "# Performance\n\nkept\n";
    String first = PerformanceReport.splice(doc, "one\n");
    assertThat(first)
        .startsWith(doc)
        .endsWith(PerformanceReport.BEGIN + "\none\n" + PerformanceReport.END + "\n");

    String second = PerformanceReport.splice(first + "after\n", "two\n");
    assertThat(second)
        .contains("kept\n")
        .contains(PerformanceReport.BEGIN + "\ntwo\n" + PerformanceReport.END)
        .doesNotContain("one\n")
        .endsWith("after\n");
  }

  @Test
  void targetsSayMetOrByHowMuchTheyWereMissed() {
    assertThat(PerformanceReport.target("x", 3.5, 3.0, "×")).contains("3.50×: target ≥ 3.00× met");
    assertThat(PerformanceReport.target("y", 0.35, 0.70, ""))
        .contains("y = 0.35: target ≥ 0.70 missed by 50%");
  }

  @Test
  void theSectionComputesTheRatiosFromTheResultFiles() throws Exception {
    Files.writeString(
        dir.resolve("run.properties"),
        "started=2026-11-21T19:00:00Z\ncommit=abc1234\ndirty=0\ncommand=bench/run-all.sh\n");
    Files.writeString(
        dir.resolve("jmh-signatures.json"),
        """
        [{"benchmark":"io.lattice.bench.crypto.SignatureBench.verify",
          "params":{"algorithm":"ed25519"},
          "primaryMetric":{"score":12000.0,"scoreError":300.0,"scoreUnit":"ops/s"}}]
        """);
    Files.writeString(
        dir.resolve("lattice-max.json"),
        """
        {"accounts":100,"submitted":1000,"committed":900,"rejected":0,"busy_retries":3,
         "finalized_tps":600.0,"offered_rate":"max","rejected_by_reason":{},
         "commit_latency_ms":{"count":900,"p50":900.0,"p90":1500.0,"p99":2100.0,"max":2500.0}}
        """);
    Files.writeString(
        dir.resolve("hardhat.json"),
        """
        {"system":"hardhat 2.28.6 (automine)","accounts":100,"submitted":500,"committed":500,
         "rejected":0,"tps":150.0,"p50_ms":5.0,"p90_ms":8.0,"p99_ms":12.0,"max_ms":40.0,
         "conditions":"in memory"}
        """);
    Files.writeString(
        dir.resolve("raft.json"),
        """
        [{"system":"lattice tendermint","nodes":4,"payload_bytes":256,"committed":100,
          "ops_per_s":1000.0,"p50_ms":800.0,"p90_ms":900.0,"p99_ms":950.0,"max_ms":990.0,
          "conditions":"c1"},
         {"system":"ratis 3.2.0","nodes":4,"payload_bytes":256,"committed":100,
          "ops_per_s":4000.0,"p50_ms":4.0,"p90_ms":6.0,"p99_ms":9.0,"max_ms":20.0,
          "conditions":"c2"}]
        """);

    String md = new PerformanceReport(dir).section();

    assertThat(md)
        .contains("## Harness run (`bench/run-all.sh`), 2026-11-21T19:00:00Z")
        .contains("`abc1234`")
        .contains("| crypto.SignatureBench.verify | algorithm=ed25519 | 12,000 ± 300 | ops/s |")
        .contains("| Lattice, max rate | 100 | 1000 | 900 | 0 | **600** | 900.0 ms | 1.50 s |")
        .contains("Lattice / hardhat transfers/s = 4.00×: target ≥ 3.00× met")
        // 12,000 × cores / 4 validators
        .contains(
            "= **"
                + String.format(
                    java.util.Locale.ROOT,
                    "%,.0f",
                    12000.0 * Runtime.getRuntime().availableProcessors() / 4)
                + " transfers/s**")
        .contains("Lattice BFT log / Ratis entries/s = 0.25×: target ≥ 0.50× missed by 50%")
        .contains("- ratis 3.2.0: c2");
  }
}
