package io.lattice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault scenarios on one 4-validator network plus a full node (a new one after a failed
 * scenario), each under its own steady transfer load and followed by {@link ChainChecks}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultScenariosTest {
  private static final int VICTIM = 3;
  private static final List<Integer> OTHERS = List.of(0, 1, 2, 4);

  @TempDir static Path tmp;
  private static Scenario scenario;

  @BeforeAll
  static void network() {
    scenario = new Scenario(tmp);
  }

  @AfterAll
  static void down() {
    scenario.close();
  }

  @Test
  @Order(1)
  void killedValidatorIsRestartedCatchesUpAndSignsAgain() throws Exception {
    scenario.run(
        "kill -9 one validator, restart it",
        (net, load) -> {
          net.kill(VICTIM);
          Scenario.awaitGrowth(net, OTHERS, 4);
          long committedBefore = load.committedCount();
          net.up();
          long restartedAt = net.maxHeight();
          Scenario.awaitCaughtUp(net, VICTIM);
          Scenario.awaitSigns(net, VICTIM, restartedAt);
          assertThat(load.committedCount()).isGreaterThan(committedBefore);
        });
  }

  @Test
  @Order(2)
  void twoKilledValidatorsHaltTheChainUntilOneIsBack() throws Exception {
    scenario.run(
        "kill -9 two validators, restart one, then the other",
        (net, load) -> {
          net.kill(2);
          net.kill(3);
          // a block precommitted before the kills may still land; once the height has stood still
          // for 3 s, no further block can have 2/3 of the precommits
          long halted = Scenario.awaitStill(net, List.of(0, 1, 4), Duration.ofSeconds(3));
          Scenario.sleep(Duration.ofSeconds(8));
          assertThat(Scenario.highest(net, List.of(0, 1, 4)))
              .as("height with 2 of 4 validators down")
              .isEqualTo(halted);
          net.startOne(2);
          Scenario.awaitGrowth(net, List.of(0, 1, 2, 4), 3);
          net.up();
          Scenario.awaitCaughtUp(net, 3);
          Scenario.awaitSigns(net, 3, halted);
        });
  }

  @Test
  @Order(3)
  void pausedValidatorRecoversAfterSigcont() throws Exception {
    scenario.run(
        "SIGSTOP a validator for several rounds, SIGCONT it",
        (net, load) -> {
          net.pause(VICTIM);
          Scenario.awaitGrowth(net, OTHERS, 5);
          Scenario.sleep(Duration.ofSeconds(3));
          net.resume(VICTIM);
          long resumedAt = net.maxHeight();
          Scenario.awaitCaughtUp(net, VICTIM);
          Scenario.awaitSigns(net, VICTIM, resumedAt);
        });
  }

  @Test
  @Order(4)
  void validatorCutOffFromAllPeersRejoinsWhenHealed() throws Exception {
    scenario.run(
        "cut one validator off, heal",
        (net, load) -> {
          net.cut(VICTIM);
          long cutAt = net.maxHeight();
          Scenario.awaitGrowth(net, OTHERS, 5);
          assertThat(net.api(VICTIM).height())
              .as("height of the cut-off validator (at most the block in flight at the cut)")
              .hasValueSatisfying(h -> assertThat(h).isLessThanOrEqualTo(cutAt + 1));
          net.heal(VICTIM);
          long healedAt = net.maxHeight();
          Scenario.awaitCaughtUp(net, VICTIM);
          Scenario.awaitSigns(net, VICTIM, healedAt);
        });
  }

  /** A short run of the randomized mode, on the same network, after the scenarios above. */
  @Test
  @Order(5)
  void shortSeededRandomFaults() throws Exception {
    long seed = RandomFaults.seed();
    scenario.run(
        "randomized faults for 45 s, seed " + seed + " (replay: -De2e.random.seed)",
        (net, load) -> RandomFaults.run(net, seed, Duration.ofSeconds(45)));
  }
}
