package io.lattice.node.cli;

import io.lattice.node.config.ConfigException;
import io.lattice.node.local.LocalChains;
import io.lattice.node.local.LocalCluster;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lattice down}: stops the node processes and the relayer of a local network started by
 * {@code up}.
 */
@Command(
    name = "down",
    mixinStandardHelpOptions = true,
    description = {
      "Stop the local network's node processes and relayer (SIGTERM: a clean shutdown; SIGKILL after 30 s).",
      "Homes, chain data and keys stay; `lattice up --dir <dir>` resumes the same network."
    })
public final class DownCommand extends CliCommand {
  @Option(
      names = "--dir",
      defaultValue = "./.lattice-local",
      description = "Directory of the local network (default: ${DEFAULT-VALUE}).")
  Path dir = Path.of("./.lattice-local");

  @Override
  int run() throws CliException {
    Path root = dir.toAbsolutePath().normalize();
    try {
      Optional<LocalChains> cluster = LocalChains.open(root);
      if (cluster.isEmpty()) {
        throw CliException.badInput(
            "no local network in " + root + " (" + LocalCluster.networkFile(root) + " is missing)");
      }
      List<String> stopped = cluster.get().stopAll(out());
      cluster.get().writeNetworkFile();
      out()
          .println(
              stopped.isEmpty()
                  ? "No node of " + root + " was running."
                  : "Stopped "
                      + stopped.stream().filter(n -> !n.equals("relayer")).count()
                      + " node(s)"
                      + (stopped.contains("relayer") ? " and the relayer" : "")
                      + " of "
                      + root
                      + ".");
      return 0;
    } catch (ConfigException e) {
      throw new CliException(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted while stopping the network");
    }
  }
}
