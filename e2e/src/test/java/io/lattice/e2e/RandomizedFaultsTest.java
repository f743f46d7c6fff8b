package io.lattice.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded random sequence of the fault scenarios on one network under load for {@code
 * -De2e.random.seconds=N} seconds (off without it), then {@link ChainChecks}. Each episode picks a
 * fault — kill one node, kill two validators, pause one node, cut one node off — and its victims
 * from the seed, holds it 3–8 s, heals it and waits until every node has caught up. The seed is
 * printed; {@code -De2e.random.seed=S} replays the same sequence of faults (the nodes' own timing
 * still varies).
 */
@EnabledIfSystemProperty(named = "e2e.random.seconds", matches = "[1-9][0-9]*")
class RandomizedFaultsTest {
  @TempDir Path tmp;

  /** One kind of fault. */
  enum Fault {
    KILL_ONE,
    KILL_TWO,
    PAUSE,
    CUT
  }

  @Test
  void seededRandomFaultsLeaveOneChainAndNoLostTransfer() throws Exception {
    long seconds = Long.parseLong(System.getProperty("e2e.random.seconds"));
    long seed =
        Long.parseLong(System.getProperty("e2e.random.seed", Long.toString(System.nanoTime())));
    Network.log("randomized faults for " + seconds + " s, seed " + seed);
    Random random = new Random(seed);
    try (Scenario scenario = new Scenario(tmp)) {
      scenario.run(
          "randomized faults, seed " + seed + " (replay with -De2e.random.seed=" + seed + ")",
          (net, load) -> {
            long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            int episode = 0;
            while (System.nanoTime() < end) {
              Fault fault = Fault.values()[random.nextInt(Fault.values().length)];
              Duration hold = Duration.ofMillis(3000 + random.nextInt(5000));
              episode(net, fault, random, hold, ++episode);
            }
          });
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
