package io.lattice.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lattice.node.config.NodeConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new full node joins a network that has committed {@value #JOIN_HEIGHT}+ blocks (fast blocks,
 * {@link #BLOCK_INTERVAL}, under transfer load): it catches up by block sync, then follows
 * consensus, and the checks after the scenario cover it like every other node (same block hash at
 * every height, every committed transfer found at its height).
 */
class LateFullNodeTest {
  static final long JOIN_HEIGHT = 1000;

  /** The commit timeout of every node, so that 1,000 blocks pass in about a minute or two. */
  static final Duration BLOCK_INTERVAL = Duration.ofMillis(30);

  /** Fewer senders than the fault scenarios: at fast blocks each one sends about 2 per second. */
  static final int SENDERS = 4;

  private static final List<Integer> VALIDATORS = List.of(0, 1, 2, 3);

  @TempDir static Path tmp;
  private static Scenario scenario;

  @BeforeAll
  static void network() {
    scenario = new Scenario(tmp, fastBlocks(), SENDERS);
  }

  @AfterAll
  static void down() {
    scenario.close();
  }

  /** Every node with a {@link #BLOCK_INTERVAL} commit timeout. */
  static Network.Setup fastBlocks() {
    return Network.Setup.standard().withConfig(c -> c.withBlockInterval(BLOCK_INTERVAL));
  }

  @Test
  void newFullNodeCatchesUpByBlockSyncAndFollowsConsensus() throws Exception {
    scenario.run(
        "a new full node joins after " + JOIN_HEIGHT + " blocks (block sync)",
        (net, load) -> joinsAndFollows(net, "late0", UnaryOperator.identity()));
  }

  /**
   * Waits for height {@value #JOIN_HEIGHT}, adds full node {@code name} with {@code edits} to its
   * config, and waits until it has caught up to the height the network had when it started and then
   * keeps up with consensus for 20 more blocks (its status then says it is not catching up).
   */
  static void joinsAndFollows(Network net, String name, UnaryOperator<NodeConfig> edits)
      throws Exception {
    await("the network reaches height " + JOIN_HEIGHT)
        .atMost(Duration.ofMinutes(10))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> Scenario.highest(net, VALIDATORS) >= JOIN_HEIGHT);
    long joinAt = net.maxHeight();
    long started = System.nanoTime();
    int node = net.addFullNode(name, edits);
    NodeApi api = net.api(node);
    AtomicBoolean sawCatchingUp = new AtomicBoolean();
    await(name + " catches up to " + joinAt)
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> {
          Optional<JsonNode> status = api.status();
          status
              .filter(s -> s.path("catching_up").asBoolean(false))
              .ifPresent(s -> sawCatchingUp.set(true));
          return status.map(s -> s.path("latest_block_height").asLong()).orElse(-1L) >= joinAt;
        });
    double seconds = (System.nanoTime() - started) / 1e9;
    Network.log(
        String.format(
            "%s caught up to %d in %.1f s from its start (%.0f blocks/s including JVM start;"
                + " catching_up seen: %s)",
            name, joinAt, seconds, joinAt / seconds, sawCatchingUp.get()));

    long target = net.maxHeight() + 20;
    await(name + " follows consensus to " + target)
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(300))
        .until(() ->
            api.status()
                .filter(s -> s.path("latest_block_height").asLong() >= target)
                .filter(s -> !s.path("catching_up").asBoolean(true))
                .isPresent());
    assertThat(api.height()).hasValueSatisfying(h -> assertThat(h).isGreaterThanOrEqualTo(target));
    Network.log(name + " follows consensus at height " + api.height().orElseThrow());
  }
}
