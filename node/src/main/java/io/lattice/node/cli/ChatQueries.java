package io.lattice.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code lattice query identity NAME} and {@code lattice query reputation ADDRESS}. */
public final class ChatQueries {
  private ChatQueries() {}

  @Command(
      name = "identity",
      mixinStandardHelpOptions = true,
      description = "A registered identity by username (case-insensitive) or owner address.")
  static final class IdentityQuery extends QueryCommand.NodeQuery {
    @Parameters(index = "0", paramLabel = "NAME", description = "Username or lat1… address")
    String name;

    @Override
    int run() throws CliException {
      ModuleApi.chatByDefault(this, node);
      node.json();
      print(ModuleApi.identity(node.client(), name));
      return 0;
    }
  }

  @Command(
      name = "reputation",
      mixinStandardHelpOptions = true,
      description = "An account's reputation, 0..100 (50 until it changes).")
  static final class ReputationQuery extends QueryCommand.NodeQuery {
    @Parameters(index = "0", paramLabel = "ADDRESS")
    String address;

    @Override
    int run() throws CliException {
      ModuleApi.chatByDefault(this, node);
      boolean json = node.json();
      String addr = TxCommand.parseAddress("ADDRESS", address);
      JsonNode score = ModuleApi.get(node.client(), "/v1/reputation/" + addr);
      if (json) {
        printJson(score);
      } else {
        out().println("address: " + score.path("address").asText());
        out().println("reputation: " + score.path("score").asText());
      }
      return 0;
    }
  }
}
