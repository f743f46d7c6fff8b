package io.lattice.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code lattice status}: the node's chain id, latest block and sync state. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Show a node's chain id, latest block and sync state.")
public final class StatusCommand extends CliCommand {
  @Mixin NodeOptions node = new NodeOptions();

  @Override
  int run() throws CliException {
    boolean json = node.json();
    JsonNode status = node.client().get("/v1/status");
    if (json) {
      printJson(status);
      return 0;
    }
    for (var f : status.properties()) {
      out().println(f.getKey() + ": " + f.getValue().asText());
    }
    return 0;
  }
}
