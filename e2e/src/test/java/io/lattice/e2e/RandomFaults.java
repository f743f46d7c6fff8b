package io.lattice.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded random sequence of fault episodes on a running network. Each episode draws a fault —
 * kill one node, kill two validators, SIGSTOP one node, cut one node off — its victims (validators
 * or the full node) and a hold of 3–8 s from the seed, heals it ({@code lattice up}, SIGCONT, heal)
 * and waits until each victim has caught up. The same seed gives the same faults; the nodes' own
 * timing still varies.
 */
final class RandomFaults {
  /** One kind of fault. */
  enum Fault {
    KILL_ONE,
    KILL_TWO,
    PAUSE,
    CUT
  }

  private RandomFaults() {}

  /** The seed from {@code -De2e.random.seed}, else a fresh one. */
  static long seed() {
    return Long.parseLong(System.getProperty("e2e.random.seed", Long.toString(System.nanoTime())));
  }

  /** Runs episodes until {@code duration} has passed (the last one finishes). */
  static void run(Network net, long seed, Duration duration) throws Exception {
    Network.log("randomized faults for " + duration.toSeconds() + " s, seed " + seed);
    Random random = new Random(seed);
    long end = System.nanoTime() + duration.toNanos();
    int episode = 0;
    while (System.nanoTime() < end) {
      Fault fault = Fault.values()[random.nextInt(Fault.values().length)];
      Duration hold = Duration.ofMillis(3000 + random.nextInt(5000));
      episode(net, fault, random, hold, ++episode);
    }
  }

  private static void episode(Network net, Fault fault, Random random, Duration hold, int n)
      throws Exception {
    List<Integer> victims = new ArrayList<>();
    if (fault == Fault.KILL_TWO) {
      int a = random.nextInt(Network.VALIDATORS);
      int b = (a + 1 + random.nextInt(Network.VALIDATORS - 1)) % Network.VALIDATORS;
      victims.add(a);
      victims.add(b);
    } else {
      victims.add(random.nextInt(net.size()));
    }
    Network.log("episode " + n + ": " + fault + " " + victims + " for " + hold.toMillis() + " ms");
    switch (fault) {
      case KILL_ONE, KILL_TWO -> {
        for (int v : victims) {
          net.kill(v);
        }
        Thread.sleep(hold);
        net.up();
      }
      case PAUSE -> {
        net.pause(victims.get(0));
        Thread.sleep(hold);
        net.resume(victims.get(0));
      }
      case CUT -> {
        net.cut(victims.get(0));
        Thread.sleep(hold);
        net.heal(victims.get(0));
      }
    }
    for (int v : victims) {
      Scenario.awaitCaughtUp(net, v);
    }
  }
}
