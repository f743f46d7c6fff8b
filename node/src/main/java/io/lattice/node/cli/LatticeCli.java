package io.lattice.node.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lattice} command line: one subcommand per user task, Cosmos-style. */
@Command(
    name = "lattice",
    mixinStandardHelpOptions = true,
    versionProvider = LatticeCli.Version.class,
    description = "Lattice: a proof-of-stake multi-chain platform.",
    subcommands = {
      InitCommand.class,
      StartCommand.class,
      UpCommand.class,
      DownCommand.class,
      RelayerCommand.class,
      TestnetCommand.class,
      KeysCommand.class,
      TxCommand.class,
      QueryCommand.class,
      StatusCommand.class,
      CryptoCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class LatticeCli {

  public static void main(String[] args) {
    System.exit(newCommandLine().execute(args));
  }

  /** The configured command line; tests call {@code execute} on it instead of {@link #main}. */
  public static CommandLine newCommandLine() {
    return new CommandLine(new LatticeCli());
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = LatticeCli.class.getPackage().getImplementationVersion();
      return new String[] {"lattice " + (v == null ? "dev" : v)};
    }
  }
}
