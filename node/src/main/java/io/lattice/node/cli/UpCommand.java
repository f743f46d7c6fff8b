package io.lattice.node.cli;

import io.lattice.common.Clock;
import io.lattice.crypto.keyring.Backend;
import io.lattice.crypto.keyring.KeyInfo;
import io.lattice.crypto.keyring.Keyring;
import io.lattice.crypto.keyring.KeyringException;
import io.lattice.crypto.keyring.PassphraseSource;
import io.lattice.node.chain.LatticeNode;
import io.lattice.node.config.ConfigException;
import io.lattice.node.config.HomeInitializer;
import io.lattice.node.config.NodeConfig;
import io.lattice.node.config.NodeHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lattice up}: a local network in the foreground. For now one validator node ({@code
 * <dir>/node0}) of {@value #CHAIN_ID} with its API; it is initialised on first use and resumed on
 * later runs.
 */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Start a local Lattice network in the foreground (now: one validator of "
          + UpCommand.CHAIN_ID
          + " and its API).",
      "The first run initialises <dir>/node0; later runs resume the same chain."
    })
public final class UpCommand extends CliCommand {
  static final String CHAIN_ID = "lattice-currency-1";

  @Option(
      names = "--dir",
      defaultValue = "./.lattice-local",
      description = "Directory of the local network (default: ${DEFAULT-VALUE}).")
  Path dir = Path.of("./.lattice-local");

  @Option(
      names = "--api",
      paramLabel = "HOST:PORT",
      description = "Where the API listens (default: api.listen of config.toml, 127.0.0.1:8546).")
  String api;

  @Override
  int run() throws CliException {
    NodeHome home = new NodeHome(dir.resolve("node0"));
    boolean fresh = !Files.exists(home.genesisJson());
    if (fresh) {
      try {
        new HomeInitializer(Clock.system(), new SecureRandom())
            .init(home, CHAIN_ID, "node0", Files.exists(home.configDir()));
      } catch (ConfigException e) {
        throw new CliException(e.getMessage());
      }
    }
    LatticeNode.Options options = LatticeNode.Options.defaults();
    if (api != null) {
      try {
        options = options.withApi(NodeConfig.HostPort.parse(api));
      } catch (IllegalArgumentException e) {
        throw CliException.badInput("--api: " + e.getMessage());
      }
    }
    Path logFile = home.logsDir().resolve("node0.log");
    try {
      Files.createDirectories(home.logsDir());
    } catch (IOException e) {
      throw new CliException("cannot create " + home.logsDir() + ": " + e.getMessage());
    }
    String faucet = faucetAddress(home);
    return StartCommand.runForeground(
        this,
        home,
        options,
        Optional.of(logFile),
        node -> {
          out()
              .println(
                  (fresh ? "Created" : "Resumed")
                      + " local network in "
                      + dir.toAbsolutePath().normalize()
                      + " (chain "
                      + CHAIN_ID
                      + ", height "
                      + node.chain().latestHeight()
                      + ")");
          out().println("  API:     " + node.apiUrl().orElse("(disabled)"));
          out().println("  faucet:  " + faucet + " (key 'faucet', keyring-backend test)");
          out().println("  keys:    lattice keys list --home " + home + " --keyring-backend test");
          out().println("  logs:    " + logFile);
          out()
              .println("  stop:    press Ctrl-C (state is kept; run `lattice up` again to resume)");
        });
  }

  private static String faucetAddress(NodeHome home) {
    try {
      Optional<KeyInfo> key =
          Keyring.open(home.root(), Backend.TEST, PassphraseSource.none())
              .find(HomeInitializer.FAUCET_KEY_NAME);
      return key.map(k -> k.address().toString()).orElse("(no faucet key)");
    } catch (KeyringException e) {
      return "(keyring unreadable: " + e.getMessage() + ")";
    }
  }
}
