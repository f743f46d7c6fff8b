package io.lattice.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code lattice query}: read chain state from a node's API. */
@Command(
    name = "query",
    aliases = "q",
    mixinStandardHelpOptions = true,
    description = "Query chain state through a node's API.",
    subcommands = {
      QueryCommand.BankQuery.class,
      StakingQueryCommand.class,
      StakingQueryCommand.DistributionQuery.class,
      QueryCommand.AccountQuery.class,
      QueryCommand.TxQuery.class,
      QueryCommand.BlockQuery.class
    })
public final class QueryCommand {

  abstract static class NodeQuery extends CliCommand {
    @Mixin NodeOptions node = new NodeOptions();
  }

  @Command(
      name = "bank",
      mixinStandardHelpOptions = true,
      description = "Bank module queries.",
      subcommands = {Balances.class})
  static final class BankQuery {}

  @Command(
      name = "balances",
      mixinStandardHelpOptions = true,
      description = "Balances of an address (empty when it has none).")
  static final class Balances extends NodeQuery {
    @Parameters(index = "0", paramLabel = "ADDRESS")
    String address;

    @Override
    int run() throws CliException {
      boolean json = node.json();
      String addr = TxCommand.parseAddress("ADDRESS", address);
      JsonNode balances =
          node.client()
              .find("/v1/accounts/" + addr)
              .map(a -> a.path("balances"))
              .orElse(JSON.createArrayNode());
      if (json) {
        ObjectNode o = JSON.createObjectNode();
        o.put("address", addr);
        o.set("balances", balances);
        printJson(o);
      } else if (balances.isEmpty()) {
        out().println("balances: []");
      } else {
        out().println("balances:");
        for (JsonNode c : balances) {
          out().println("- amount: \"" + c.path("amount").asText() + "\"");
          out().println("  denom: " + c.path("denom").asText());
        }
      }
      return 0;
    }
  }

  @Command(
      name = "account",
      mixinStandardHelpOptions = true,
      description = "Account number, sequence, public key and balances of an address.")
  static final class AccountQuery extends NodeQuery {
    @Parameters(index = "0", paramLabel = "ADDRESS")
    String address;

    @Override
    int run() throws CliException {
      boolean json = node.json();
      String addr = TxCommand.parseAddress("ADDRESS", address);
      JsonNode account =
          node.client()
              .find("/v1/accounts/" + addr)
              .orElseThrow(() -> new CliException("account " + addr + " not found"));
      if (json) {
        printJson(account);
      } else {
        printPretty(account);
      }
      return 0;
    }
  }

  @Command(
      name = "tx",
      mixinStandardHelpOptions = true,
      description = "A committed transaction by hash.")
  static final class TxQuery extends NodeQuery {
    @Parameters(index = "0", paramLabel = "HASH")
    String hash;

    @Override
    int run() throws CliException {
      boolean json = node.json();
      if (!hash.matches("^(0x)?[0-9a-fA-F]{64}$")) {
        throw CliException.badInput("HASH must be 64 hex digits, got '" + hash + "'");
      }
      JsonNode tx =
          node.client()
              .find("/v1/txs/" + hash)
              .orElseThrow(() -> new CliException("transaction " + hash + " not found"));
      if (json) {
        printJson(tx);
      } else {
        printPretty(tx);
      }
      return 0;
    }
  }

  @Command(
      name = "block",
      mixinStandardHelpOptions = true,
      description = "A committed block (the latest without HEIGHT).")
  static final class BlockQuery extends NodeQuery {
    @Parameters(index = "0", paramLabel = "HEIGHT", arity = "0..1", defaultValue = "latest")
    String height = "latest";

    @Override
    int run() throws CliException {
      boolean json = node.json();
      if (!height.equals("latest") && !height.matches("^[1-9][0-9]{0,18}$")) {
        throw CliException.badInput("HEIGHT must be a positive integer, got '" + height + "'");
      }
      JsonNode block =
          node.client()
              .find("/v1/blocks/" + height)
              .orElseThrow(() -> new CliException("block " + height + " not found"));
      if (json) {
        printJson(block);
      } else {
        printPretty(block);
      }
      return 0;
    }
  }
}
