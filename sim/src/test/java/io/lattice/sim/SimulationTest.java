package io.lattice.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The CI portion of the simulation: {@value #CI_SEEDS} seeds of {@value #CI_HEIGHTS} heights with 4
 * validators (one Byzantine), faults in the first half of every run, every check on every run.
 * Seeds are independent and each runs on one thread, so they are spread over the available cores;
 * every seed's outcome depends on its seed only.
 */
class SimulationTest {
  static final int CI_SEEDS = 300;
  static final int CI_HEIGHTS = 100;
  static final long CI_FIRST_SEED = 1;

  @Test
  void ciSeedsPassEveryCheck() throws Exception {
    int threads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    List<Simulation.Result> results = new ArrayList<>();
    long start = System.nanoTime();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<Simulation.Result>> futures = new ArrayList<>();
      for (long s = CI_FIRST_SEED; s < CI_FIRST_SEED + CI_SEEDS; s++) {
        long seed = s;
        futures.add(pool.submit(() -> new Simulation(seed, CI_HEIGHTS, 4).run()));
      }
      for (Future<Simulation.Result> f : futures) {
        results.add(f.get());
      }
    }
    double secs = (System.nanoTime() - start) / 1e9;
    List<String> failures = new ArrayList<>();
    int crashes = 0;
    int crashesInCommit = 0;
    int torn = 0;
    int partitions = 0;
    int observed = 0;
    int evidence = 0;
    int committedEvidence = 0;
    long txs = 0;
    long heights = 0;
    for (Simulation.Result r : results) {
      if (!r.ok()) {
        failures.add(
            "seed " + r.seed() + ": " + r.failure().orElseThrow() + "\n  " + r.replayCommand());
      }
      crashes += r.stats().crashes();
      crashesInCommit += r.stats().crashesInCommit();
      torn += r.stats().tornWals();
      partitions += r.stats().partitions();
      observed += r.stats().equivocationsObserved();
      evidence += r.stats().evidenceVerified();
      committedEvidence += r.stats().evidenceCommitted();
      txs += r.stats().txsCommitted();
      heights += r.minHonestHeight();
    }
    System.out.printf(
        "simulation: %d seeds x %d heights in %.1f s on %d threads (%.2f seeds/s, %.0f heights/s);"
            + " %d crashes (%d while writing a block), %d torn WALs, %d partitions,"
            + " %d equivocations observed, %d evidence verified, %d committed, %d txs committed%n",
        CI_SEEDS,
        CI_HEIGHTS,
        secs,
        threads,
        CI_SEEDS / secs,
        heights / secs,
        crashes,
        crashesInCommit,
        torn,
        partitions,
        observed,
        evidence,
        committedEvidence,
        txs);
    assertThat(failures).as("failing seeds").isEmpty();
    for (Simulation.Result r : results) {
      assertThat(r.minHonestHeight()).as("seed %d", r.seed()).isGreaterThanOrEqualTo(CI_HEIGHTS);
    }
    // the faults really happen
    assertThat(crashes).isPositive();
    assertThat(crashesInCommit).isPositive();
    assertThat(torn).isPositive();
    assertThat(partitions).isPositive();
    assertThat(observed).isPositive();
    assertThat(evidence).isPositive();
    assertThat(committedEvidence).isPositive();
    assertThat(txs).isGreaterThan(CI_SEEDS);
  }

  @Test
  void sameSeedSameTraceAndOtherSeedOtherTrace() {
    Simulation.Result first = new Simulation(11, 30, 4).run();
    Simulation.Result again = new Simulation(11, 30, 4).run();
    Simulation.Result other = new Simulation(12, 30, 4).run();
    assertThat(first.ok()).as("%s", first.failure()).isTrue();
    assertThat(again.trace()).isEqualTo(first.trace());
    assertThat(again.virtualMillis()).isEqualTo(first.virtualMillis());
    assertThat(again.deliveries()).isEqualTo(first.deliveries());
    assertThat(again.stats()).isEqualTo(first.stats());
    assertThat(other.trace()).isNotEqualTo(first.trace());
  }

  @Test
  void unequalPowersAndOtherSizes() {
    for (int validators : new int[] {1, 3, 5, 7}) {
      Simulation.Result r = new Simulation(100 + validators, 25, validators).run();
      assertThat(r.failure()).as("%d validators", validators).isEmpty();
      assertThat(r.minHonestHeight()).isGreaterThanOrEqualTo(25);
    }
  }

  @Test
  void commandLineReportsEachFailureAndEndsWithTheSummary() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    long failures =
        Simulate.run(
            Simulate.parse(new String[] {"--seeds", "2", "--first-seed", "5", "--heights", "10"}),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(failures).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("seeds=2 failures=0\n");
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("simulate: 2/2 seeds, 0 failures");
  }

  @Test
  void aFailedSeedNamesTheCheckAndTheReplayCommand() {
    Simulation.Result r =
        new Simulation.Result(
            42,
            100,
            4,
            java.util.Optional.of("agreement: …"),
            "",
            0,
            0,
            0,
            new Simulation.Stats(0, 0, 0, 0, 0, 0, 0, 0, 0));
    assertThat(r.ok()).isFalse();
    assertThat(r.replayCommand())
        .isEqualTo("scripts/simulate --seeds 1 --first-seed 42 --heights 100 --validators 4");
  }

  @Test
  void badArgumentsAreRefusedWithTheCause() {
    assertThatThrownBy(() -> Simulate.parse(new String[] {"--first-seed", "1"}))
        .hasMessageContaining("--seeds");
    assertThatThrownBy(() -> Simulate.parse(new String[] {"--seeds", "x", "--first-seed", "1"}))
        .hasMessageContaining("needs an integer, got 'x'");
    assertThatThrownBy(() ->
            Simulate.parse(new String[] {"--seeds", "1", "--first-seed", "1", "--bogus", "2"}))
        .hasMessageContaining("unknown option --bogus");
    assertThatThrownBy(
            () -> Simulate.parse(new String[] {"--seeds", "1", "--first-seed", "1", "--heights"}))
        .hasMessageContaining("needs a value");
    assertThatThrownBy(() -> new Simulation(1, 0, 4)).hasMessageContaining("heights");
  }
}
