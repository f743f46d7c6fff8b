package io.lattice.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lattice.common.Clock;
import io.lattice.node.chain.LatticeNode;
import io.lattice.node.config.HomeInitializer;
import io.lattice.node.config.NodeConfig;
import io.lattice.node.config.NodeHome;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * The in-process node the CLI tests run against: a fresh {@code lattice init} home under a test
 * directory, the API on a free local port, blocks every 200 ms, started once it committed a block.
 */
record CliTestNode(NodeHome home, LatticeNode node, String url) implements AutoCloseable {

  static CliTestNode start(Path dir, String chainId, String moniker) throws Exception {
    NodeHome home = new NodeHome(dir.resolve("home"));
    new HomeInitializer(Clock.system(), new SecureRandom()).init(home, chainId, moniker, false);
    LatticeNode node =
        LatticeNode.start(
            home,
            LatticeNode.Options.defaults()
                .withApi(new NodeConfig.HostPort("127.0.0.1", 0))
                .withBlockInterval(Duration.ofMillis(200)));
    CliTestNode started =
        new CliTestNode(home, node, "http://127.0.0.1:" + node.apiPort().orElseThrow());
    await().atMost(Duration.ofSeconds(30)).until(() -> started.latestHeight() >= 1);
    return started;
  }

  /** {@code lattice status --output json}'s latest height; the command must succeed. */
  long latestHeight() throws Exception {
    CliRun run = CliRun.exec("status", "--output", "json", "--node", url);
    assertThat(run.exitCode()).as(run.toString()).isZero();
    return CliCommand.JSON.readTree(run.out()).path("latest_block_height").asLong();
  }

  @Override
  public void close() {
    node.close();
  }
}
