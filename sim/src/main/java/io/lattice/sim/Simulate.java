package io.lattice.sim;

import java.io.PrintStream;
import java.util.Locale;

/**
 * {@code scripts/simulate --seeds N --first-seed S [--heights H] [--validators V]}: runs seeds S …
 * S+N−1, prints each failing seed with the check that failed and its replay command, and ends with
 * {@code seeds=N failures=F}. Exit status 0 only when F = 0; 2 on bad arguments.
 */
public final class Simulate {
  private Simulate() {}

  /** Parsed command line. */
  record Options(long seeds, long firstSeed, int heights, int validators) {}

  static Options parse(String[] args) {
    long seeds = -1;
    long first = -1;
    int heights = 100;
    int validators = 4;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + a + " needs a value");
      }
      String v = args[++i];
      try {
        switch (a) {
          case "--seeds" -> seeds = Long.parseLong(v);
          case "--first-seed" -> first = Long.parseLong(v);
          case "--heights" -> heights = Integer.parseInt(v);
          case "--validators" -> validators = Integer.parseInt(v);
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("option " + a + " needs an integer, got '" + v + "'");
      }
    }
    if (seeds < 1) {
      throw new IllegalArgumentException("--seeds N (N >= 1) is required");
    }
    if (first < 0) {
      throw new IllegalArgumentException("--first-seed S (S >= 0) is required");
    }
    if (heights < 1) {
      throw new IllegalArgumentException("--heights must be at least 1, got " + heights);
    }
    if (validators < 1 || validators > 50) {
      throw new IllegalArgumentException("--validators must be 1..50, got " + validators);
    }
    return new Options(seeds, first, heights, validators);
  }

  public static void main(String[] args) {
    Options o;
    try {
      o = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("simulate: " + e.getMessage());
      System.err.println(
          "usage: scripts/simulate --seeds N --first-seed S [--heights H] [--validators V]");
      System.exit(2);
      return;
    }
    System.exit(run(o, System.out, System.err) == 0 ? 0 : 1);
  }

  /** Runs the seeds; returns the number of failures. */
  static long run(Options o, PrintStream out, PrintStream progress) {
    long failures = 0;
    long heightsDone = 0;
    long start = System.nanoTime();
    for (long i = 0; i < o.seeds(); i++) {
      long seed = o.firstSeed() + i;
      Simulation.Result r = new Simulation(seed, o.heights(), o.validators()).run();
      heightsDone += r.minHonestHeight();
      if (Boolean.getBoolean("lattice.sim.debug")) {
        progress.println("seed " + seed + " trace " + r.trace() + " " + r.stats());
      }
      if (!r.ok()) {
        failures++;
        out.println("FAIL seed=" + seed + " " + r.failure().orElseThrow());
        out.println("  replay: " + r.replayCommand());
        out.flush();
      }
      if ((i + 1) % 10 == 0 || i + 1 == o.seeds()) {
        double secs = (System.nanoTime() - start) / 1e9;
        progress.printf(
            Locale.ROOT,
            "simulate: %d/%d seeds, %d failures, %.2f seeds/s, %.0f heights/s%n",
            i + 1,
            o.seeds(),
            failures,
            (i + 1) / secs,
            heightsDone / secs);
      }
    }
    out.println("seeds=" + o.seeds() + " failures=" + failures);
    out.flush();
    return failures;
  }
}
