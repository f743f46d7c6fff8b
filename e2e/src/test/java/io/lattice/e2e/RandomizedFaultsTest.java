package io.lattice.e2e;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The long randomized mode: {@link RandomFaults} for {@code -De2e.random.seconds=N} seconds on a
 * network of its own under load, then {@link ChainChecks}; skipped without that property ({@link
 * FaultScenariosTest} runs a short one in the default build). The seed is printed; {@code
 * -De2e.random.seed=S} replays its faults.
 */
@EnabledIfSystemProperty(named = "e2e.random.seconds", matches = "[1-9][0-9]*")
class RandomizedFaultsTest {
  @TempDir Path tmp;

  @Test
  void seededRandomFaultsLeaveOneChainAndNoLostTransfer() throws Exception {
    Duration duration =
        Duration.ofSeconds(Long.parseLong(System.getProperty("e2e.random.seconds")));
    long seed = RandomFaults.seed();
    try (Scenario scenario = new Scenario(tmp)) {
      scenario.run(
          "randomized faults for " + duration + ", seed " + seed + " (replay: -De2e.random.seed)",
          (net, load) -> RandomFaults.run(net, seed, duration));
    }
  }
}
