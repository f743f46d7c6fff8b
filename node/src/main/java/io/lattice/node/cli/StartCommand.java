package io.lattice.node.cli;

import io.lattice.node.chain.LatticeNode;
import io.lattice.node.config.ConfigException;
import io.lattice.node.config.ConfigFile;
import io.lattice.node.config.NodeConfig;
import io.lattice.node.config.NodeHome;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lattice start}: runs the node of a home in the foreground until Ctrl-C / SIGTERM (a clean
 * shutdown: engine, API, database) or a fatal engine error (exit code 1).
 */
@Command(
    name = "start",
    mixinStandardHelpOptions = true,
    description = {
      "Run the node of a home in the foreground: produce blocks and serve the API.",
      "Each committed block is logged on one line. Ctrl-C or SIGTERM stops it cleanly."
    })
public final class StartCommand extends CliCommand {
  @Option(names = "--home", required = true, description = "Node home directory.")
  Path home;

  @Option(
      names = "--api",
      paramLabel = "HOST:PORT",
      description = "Where the API listens (default: api.listen of config.toml).")
  String api;

  @Override
  int run() throws CliException {
    NodeHome nodeHome = new NodeHome(home);
    LatticeNode.Options options = LatticeNode.Options.defaults();
    if (api != null) {
      try {
        options = options.withApi(NodeConfig.HostPort.parse(api));
      } catch (IllegalArgumentException e) {
        throw CliException.badInput("--api: " + e.getMessage());
      }
    }
    return runForeground(this, nodeHome, options, Optional.empty(), null);
  }

  /**
   * Starts the node, prints {@code banner} (if any) once it runs, and blocks until a shutdown
   * signal or a halt. Shared with {@code lattice up}.
   */
  static int runForeground(
      CliCommand command,
      NodeHome home,
      LatticeNode.Options options,
      Optional<Path> logFile,
      java.util.function.Consumer<LatticeNode> banner)
      throws CliException {
    try {
      io.lattice.node.config.Logging.configure(
          ConfigFile.read(home.configToml()).logFormat(), logFile);
    } catch (ConfigException e) {
      throw new CliException(e.getMessage());
    }
    // Registered before the node starts, so that a signal during start-up (the API can take a
    // few seconds) still closes the node once it is up.
    CompletableFuture<LatticeNode> started = new CompletableFuture<>();
    Thread hook =
        new Thread(
            () -> {
              try {
                started.join().close();
              } catch (CompletionException startFailed) {
                // Nothing was left open.
              }
            },
            "lattice-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    LatticeNode node;
    try {
      node = LatticeNode.start(home, options);
      started.complete(node);
    } catch (ConfigException e) {
      started.completeExceptionally(e);
      removeHook(hook);
      throw new CliException(e.getMessage());
    } catch (RuntimeException e) {
      started.completeExceptionally(e);
      removeHook(hook);
      throw e;
    }
    if (banner != null) {
      banner.accept(node);
    } else {
      node.apiUrl().ifPresent(url -> command.out().println("API: " + url));
      command.out().println("Node running on " + home + "; press Ctrl-C to stop.");
    }
    command.out().flush();
    Throwable cause = node.halted().join();
    if (!removeHook(hook)) {
      return 1;
    }
    node.close();
    throw new CliException("the node halted: " + cause.getMessage());
  }

  /** False when the JVM is already shutting down (the hook then does the closing). */
  private static boolean removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
      return true;
    } catch (IllegalStateException shuttingDown) {
      return false;
    }
  }
}
