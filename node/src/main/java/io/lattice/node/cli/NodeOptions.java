package io.lattice.node.cli;

import picocli.CommandLine.Option;

/** {@code --node} and {@code --output}, shared by every command that talks to a node. */
final class NodeOptions {
  static final String DEFAULT_NODE = "http://127.0.0.1:8546";

  @Option(
      names = "--node",
      defaultValue = DEFAULT_NODE,
      description = "API address of the node (default: ${DEFAULT-VALUE})")
  String node = DEFAULT_NODE;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "text",
      description = "Output format: text or json (default: ${DEFAULT-VALUE})")
  String output = "text";

  boolean json() throws CliException {
    CliCommand.checkOutput(output);
    return output.equals("json");
  }

  NodeClient client() throws CliException {
    return new NodeClient(node);
  }
}
