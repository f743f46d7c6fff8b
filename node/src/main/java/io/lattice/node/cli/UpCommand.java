package io.lattice.node.cli;

import io.lattice.chains.ChatChainApp;
import io.lattice.chains.CurrencyChainApp;
import io.lattice.node.config.ConfigException;
import io.lattice.node.local.LocalChains;
import io.lattice.node.local.LocalCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lattice up}: starts (or resumes) the local network of {@link LocalChains} — both chains'
 * node processes and the relayer, in the background — and returns once every chain commits blocks.
 */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Start a local Lattice network of separate processes: for each chain ("
          + ChatChainApp.CHAIN_ID
          + ", "
          + CurrencyChainApp.CHAIN_ID
          + ") N validators and one API full node, each with its own home, ports on 127.0.0.1"
          + " and log file, and the cross-chain relayer between the two API nodes.",
      "The first run creates <dir>; later runs resume it and restart whatever is down.",
      "Returns once every chain commits blocks; `lattice down` stops it all."
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
      description =
          "Validators of each chain of a new network, 1..20 (default: ${DEFAULT-VALUE}: the"
              + " fewest that keep deciding blocks with one validator down).")
  int validators = 4;

  @Option(
      names = "--chains",
      split = ",",
      defaultValue = "chat,currency",
      description =
          "Chains of a new network: chat, currency or both (default: ${DEFAULT-VALUE});"
              + " the relayer runs when both do.")
  List<String> chains = List.of("chat", "currency");

  @Option(
      names = "--chat-api-port",
      defaultValue = "8545",
      description =
          "API port of the chat chain's API node, or the next free one (default: ${DEFAULT-VALUE}).")
  int chatApiPort = 8545;

  @Option(
      names = "--api-port",
      defaultValue = "8546",
      description =
          "API port of the currency chain's API node, or the next free one"
              + " (default: ${DEFAULT-VALUE}).")
  int apiPort = 8546;

  @Option(
      names = "--validator-api-port",
      defaultValue = "8550",
      description =
          "First API port of the validators; each takes the next free one"
              + " (default: ${DEFAULT-VALUE}).")
  int validatorApiPort = 8550;

  @Option(
      names = "--p2p-port",
      defaultValue = "26656",
      description = "First P2P port; nodes take the next free ones (default: ${DEFAULT-VALUE}).")
  int p2pPort = 26656;

  @Option(
      names = "--wait",
      defaultValue = "180",
      description = "Seconds to wait for the chains to commit blocks (default: ${DEFAULT-VALUE}).")
  int waitSeconds = 180;

  @Override
  int run() throws CliException {
    if (validators < 1 || validators > 20) {
      throw CliException.badInput("--validators must be 1..20, got " + validators);
    }
    List<String> chainIds = new ArrayList<>();
    for (String c : chains) {
      String id =
          switch (c.strip()) {
            case "chat" -> ChatChainApp.CHAIN_ID;
            case "currency" -> CurrencyChainApp.CHAIN_ID;
            default ->
                throw CliException.badInput(
                    "--chains: unknown chain '" + c + "' (use chat, currency or chat,currency)");
          };
      if (!chainIds.contains(id)) {
        chainIds.add(id);
      }
    }
    Path root = dir.toAbsolutePath().normalize();
    try {
      Optional<LocalChains> existing = LocalChains.open(root);
      LocalChains network;
      if (existing.isPresent()) {
        network = existing.get();
        out().println("Resuming the local network in " + root);
      } else {
        out()
            .println(
                "Creating a local network in "
                    + root
                    + ": "
                    + validators
                    + " validator(s) and 1 API node for each of "
                    + String.join(", ", chainIds));
        network =
            LocalChains.create(
                root,
                new LocalChains.Plan(
                    chainIds, validators, chatApiPort, apiPort, validatorApiPort, p2pPort));
      }
      List<String> started = network.startStopped(out());
      if (started.isEmpty()) {
        out().println("  every node is running already");
      }
      Map<String, Long> heights = network.awaitBlocks(2, Duration.ofSeconds(waitSeconds), out());
      boolean relayerStarted = network.startRelayer(out());
      network.writeNetworkFile();
      out().println("Local network is up in " + root);
      for (LocalCluster chain : network.chains()) {
        out().println("  chain " + chain.chainId() + " at height " + heights.get(chain.chainId()));
        for (LocalCluster.Member m : chain.members()) {
          out()
              .printf(
                  "    %-15s %-9s API %s  P2P %s%n      log %s%n",
                  m.name(), m.role(), m.apiUrl(), m.p2p(), m.logFile());
        }
        Optional<LocalCluster.Member> api = chain.apiNode();
        if (api.isPresent()) {
          out()
              .println(
                  "    API:     "
                      + api.get().apiUrl()
                      + " (faucet: POST "
                      + api.get().apiUrl()
                      + "/v1/faucet)");
        }
        out()
            .println(
                "    faucet:  "
                    + chain.faucetAddress()
                    + " (key 'faucet' in "
                    + chain.members().get(0).home().root()
                    + ", keyring-backend test)");
      }
      if (network.relayer().isPresent()) {
        LocalChains.Relayer r = network.relayer().get();
        out()
            .println(
                "  relayer: "
                    + (relayerStarted ? "started" : "running")
                    + " between "
                    + r.chatUrl()
                    + " and "
                    + r.currencyUrl()
                    + ", log "
                    + r.logFile());
      }
      out().println("  nodes:   " + LocalCluster.networkFile(root));
      out()
          .println(
              "  stop:    lattice down --dir " + dir + " (state is kept; `lattice up` resumes)");
      return 0;
    } catch (ConfigException e) {
      throw new CliException(e.getMessage());
    } catch (IllegalArgumentException e) {
      throw CliException.badInput(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted while waiting for the network");
    }
  }
}
