package io.lattice.node.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.common.Clock;
import io.lattice.node.config.ConfigException;
import io.lattice.node.config.HomeInitializer;
import io.lattice.node.config.NodeHome;
import java.nio.file.Path;
import java.security.SecureRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lattice init}: creates a node home for a new one-validator chain. */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = {
      "Create a node home for a new one-validator chain: config.toml, genesis.json, node and",
      "validator keys, and the keys 'validator' and 'faucet' in the test keyring (both funded",
      "in genesis)."
    })
public final class InitCommand extends CliCommand {
  @Option(names = "--home", required = true, description = "Node home directory.")
  Path home;

  @Option(
      names = "--chain-id",
      required = true,
      description =
          "Chain id, e.g. lattice-currency-1; an id starting with lattice-chat- runs the chat"
              + " chain's application, any other the currency chain's.")
  String chainId;

  @Option(
      names = "--moniker",
      defaultValue = "node0",
      description = "Human-readable node name (default: ${DEFAULT-VALUE}).")
  String moniker = "node0";

  @Option(names = "--overwrite", description = "Replace an existing home's config, data and keys.")
  boolean overwrite;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "text",
      description = "Output format: text or json (default: ${DEFAULT-VALUE}).")
  String output = "text";

  @Override
  int run() throws CliException {
    checkOutput(output);
    HomeInitializer.Result r;
    try {
      r =
          new HomeInitializer(Clock.system(), new SecureRandom())
              .init(new NodeHome(home), chainId, moniker, overwrite);
    } catch (ConfigException e) {
      throw new CliException(e.getMessage());
    }
    if (output.equals("json")) {
      ObjectNode o = JSON.createObjectNode();
      o.put("home", r.home().toString());
      o.put("chain_id", r.chainId());
      o.put("moniker", r.moniker());
      o.put("node_id", r.nodeId());
      o.put("consensus_address", r.consensusAddress());
      o.put("validator_address", r.validatorAddress());
      o.put("faucet_address", r.faucetAddress());
      printJson(o);
    } else {
      out().println("Initialised " + r.home() + " for chain " + r.chainId());
      out().println("  moniker:           " + r.moniker());
      out().println("  node id:           " + r.nodeId());
      out().println("  consensus address: " + r.consensusAddress());
      out().println("  validator address: " + r.validatorAddress() + " (key 'validator')");
      out().println("  faucet address:    " + r.faucetAddress() + " (key 'faucet')");
      out().println("Start it with: lattice start --home " + r.home());
    }
    return 0;
  }
}
