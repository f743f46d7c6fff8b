package io.lattice.node.cli;

import io.lattice.node.config.ConfigException;
import io.lattice.node.local.Testnet;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lattice testnet init}: the homes of a network of several machines. */
@Command(
    name = "testnet",
    mixinStandardHelpOptions = true,
    description = "Write the homes of a multi-machine network.",
    subcommands = {TestnetCommand.Init.class})
public final class TestnetCommand {

  /** {@code lattice testnet init}. */
  @Command(
      name = "init",
      mixinStandardHelpOptions = true,
      description = {
        "Write <dir>/node0 … node<N-1>: keys, one genesis bonding every validator, and config.toml",
        "listening for peers on 0.0.0.0:<p2p-port> with the others as persistent peers at their",
        "hosts. Copy each home to its machine and run `lattice start --home <home>` there."
      })
  public static final class Init extends CliCommand {
    @Option(names = "--validators", required = true, description = "Number of validators.")
    int validators;

    @Option(names = "--dir", required = true, description = "Where to write the homes.")
    Path dir;

    @Option(
        names = "--chain-id",
        defaultValue = "lattice-testnet-1",
        description =
            "Chain id (default: ${DEFAULT-VALUE}); an id starting with lattice-chat- runs the"
                + " chat chain's application, any other the currency chain's.")
    String chainId = "lattice-testnet-1";

    @Option(
        names = "--hosts",
        split = ",",
        description = "The validators' hosts in order, comma-separated (one per validator).")
    List<String> hosts;

    @Option(
        names = "--starting-ip",
        defaultValue = "192.168.0.1",
        description = "Without --hosts: node i is at this address + i (default: ${DEFAULT-VALUE}).")
    String startingIp = "192.168.0.1";

    @Option(
        names = "--p2p-port",
        defaultValue = "26656",
        description = "P2P port on every machine (default: ${DEFAULT-VALUE}).")
    int p2pPort = 26656;

    @Option(
        names = "--api-listen",
        defaultValue = "127.0.0.1:8546",
        description = "API HOST:PORT on every machine (default: ${DEFAULT-VALUE}).")
    String apiListen = "127.0.0.1:8546";

    @Override
    int run() throws CliException {
      if (validators < 1 || validators > 200) {
        throw CliException.badInput("--validators must be 1..200, got " + validators);
      }
      List<String> where;
      try {
        where = hosts != null ? hosts : Testnet.consecutiveIps(startingIp, validators);
      } catch (IllegalArgumentException e) {
        throw CliException.badInput("--starting-ip: " + e.getMessage());
      }
      if (where.size() != validators || where.stream().anyMatch(String::isBlank)) {
        throw CliException.badInput(
            "--hosts names " + where.size() + " hosts for " + validators + " validators: " + where);
      }
      io.lattice.node.config.NodeConfig.HostPort api;
      try {
        api = io.lattice.node.config.NodeConfig.HostPort.parse(apiListen);
      } catch (IllegalArgumentException e) {
        throw CliException.badInput("--api-listen: " + e.getMessage());
      }
      try {
        List<Testnet.Node> nodes =
            Testnet.init(dir, chainId, where, p2pPort, api.host(), api.port());
        out()
            .println(
                "Wrote "
                    + nodes.size()
                    + " homes of "
                    + chainId
                    + " under "
                    + dir.toAbsolutePath());
        for (Testnet.Node n : nodes) {
          out().println("  " + n.home().root().getFileName() + "  " + n.p2p());
        }
        out().println("Copy each home to its host and run `lattice start --home <home>` there.");
        return 0;
      } catch (ConfigException e) {
        throw new CliException(e.getMessage());
      }
    }
  }
}
