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
      ChatQueries.IdentityQuery.class,
      ChatQueries.ReputationQuery.class,
      MessagingCommand.Query.class,
      ChannelsCommand.Query.class,
      XchainCommand.Query.class,
      GovCommand.Query.class,
      QueryCommand.AccountQuery.class,
      QueryCommand.TxQuery.class,
      QueryCommand.BlockQuery.class
    })
public final class QueryCommand {

  abstract static class NodeQuery extends CliCommand {
    @Mixin NodeOptions node = new NodeOptions();

    /** The node's answer at API {@code path}; fails with {@code notFound} when it has none. */
    JsonNode require(String path, String notFound) throws CliException {
      return node.client().find(path).orElseThrow(() -> new CliException(notFound));
    }

    /** Prints {@code result} on one line with {@code --output json}, indented otherwise. */
    void print(JsonNode result) throws CliException {
      if (node.json()) {
        printJson(result);
      } else {
        printPretty(result);
      }
    }
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
      node.json();
      String addr = TxCommand.parseAddress("ADDRESS", address);
      print(require("/v1/accounts/" + addr, "account " + addr + " not found"));
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
      node.json();
      if (!hash.matches("^(0x)?[0-9a-fA-F]{64}$")) {
        throw CliException.badInput("HASH must be 64 hex digits, got '" + hash + "'");
      }
      print(require("/v1/txs/" + hash, "transaction " + hash + " not found"));
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
      node.json();
      if (!height.equals("latest") && !height.matches("^[1-9][0-9]{0,18}$")) {
        throw CliException.badInput("HEIGHT must be a positive integer, got '" + height + "'");
      }
      print(require("/v1/blocks/" + height, "block " + height + " not found"));
      return 0;
    }
  }
}
