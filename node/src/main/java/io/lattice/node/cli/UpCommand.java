package io.lattice.node.cli;

import io.lattice.node.config.ConfigException;
import io.lattice.node.local.LocalCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lattice up}: starts (or resumes) the local network of {@link LocalCluster} — separate node
 * processes in the background — and returns once it commits blocks.
 */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Start a local Lattice network of separate node processes: N validators of "
          + LocalCluster.CHAIN_ID
          + " and one full node, each with its own home, ports on 127.0.0.1 and log file.",
      "The first run creates <dir>; later runs resume it and restart any node that is down.",
      "Returns once the network commits blocks; `lattice down` stops it."
    })
public final class UpCommand extends CliCommand {
  @Option(
      names = "--dir",
      defaultValue = "./.lattice-local",
      description = "Directory of the local network (default: ${DEFAULT-VALUE}).")
  Path dir = Path.of("./.lattice-local");

  @Option(
      names = "--validators",
      defaultValue = "4",
      description = "Validators of a new network, 1..20 (default: ${DEFAULT-VALUE}).")
  int validators = 4;

  @Option(
      names = "--api-port",
      defaultValue = "8546",
      description = "First API port; nodes take the next free ones (default: ${DEFAULT-VALUE}).")
  int apiPort = 8546;

  @Option(
      names = "--p2p-port",
      defaultValue = "26656",
      description = "First P2P port; nodes take the next free ones (default: ${DEFAULT-VALUE}).")
  int p2pPort = 26656;

  @Option(
      names = "--wait",
      defaultValue = "120",
      description = "Seconds to wait for the network to commit blocks (default: ${DEFAULT-VALUE}).")
  int waitSeconds = 120;

  @Override
  int run() throws CliException {
    if (validators < 1 || validators > 20) {
      throw CliException.badInput("--validators must be 1..20, got " + validators);
    }
    Path root = dir.toAbsolutePath().normalize();
    try {
      Optional<LocalCluster> existing = LocalCluster.open(root);
      LocalCluster cluster;
      if (existing.isPresent()) {
        cluster = existing.get();
        out().println("Resuming the local network in " + root);
      } else {
        out()
            .println(
                "Creating a local network in "
                    + root
                    + ": "
                    + validators
                    + " validators and 1 full node of "
                    + LocalCluster.CHAIN_ID);
        cluster = LocalCluster.create(root, validators, apiPort, p2pPort);
      }
      List<String> started = cluster.startStopped(out());
      if (started.isEmpty()) {
        out().println("  every node is running already");
      }
      long height = cluster.awaitBlocks(2, Duration.ofSeconds(waitSeconds), out());
      cluster.writeNetworkFile();
      out()
          .println(
              "Local network is up in "
                  + root
                  + " (chain "
                  + LocalCluster.CHAIN_ID
                  + ", height "
                  + height
                  + ")");
      for (LocalCluster.Member m : cluster.members()) {
        out()
            .printf(
                "  %-6s %-9s API %s  P2P %s%n    log %s%n",
                m.name(), m.role(), m.apiUrl(), m.p2p(), m.logFile());
      }
      out()
          .println(
              "  faucet:  "
                  + cluster.faucetAddress()
                  + " (key 'faucet' in node0, keyring-backend test)");
      out().println("  nodes:   " + LocalCluster.networkFile(root));
      out()
          .println(
              "  stop:    lattice down --dir " + dir + " (state is kept; `lattice up` resumes)");
      return 0;
    } catch (ConfigException e) {
      throw new CliException(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted while waiting for the network");
    }
  }
}
