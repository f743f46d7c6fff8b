package io.lattice.node.cli;

import io.lattice.proto.tx.v1.Coin;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options every transaction-sending command shares ({@code tx bank send} and the module
 * transactions), and what they decide: the fee, and whether the signed transaction is printed,
 * confirmed and broadcast. {@code --gas} stays with each command, whose default differs.
 */
final class TxOptions {
  @Option(names = "--chain-id", description = "Chain id (default: asked from the node)")
  String chainId;

  @Option(names = "--fees", description = "Fee coins, e.g. 2000ulat (default: none)")
  String fees;

  @Option(
      names = "--gas-prices",
      description = "Fee per gas unit, e.g. 0.01ulat: the fee is gas x price, rounded up")
  String gasPrices;

  @Option(names = "--memo", defaultValue = "", description = "Memo")
  String memo = "";

  @Option(
      names = {"-y", "--yes"},
      description = "Do not ask for confirmation")
  boolean yes;

  @Option(
      names = "--sign-only",
      description = "Print the signed transaction as base64 and send nothing")
  boolean signOnly;

  /** The fee coins for a transaction of {@code gas} units. */
  List<Coin> fee(long gas) throws CliException {
    return CoinArgs.fee(fees, gasPrices, gas);
  }

  /**
   * Prints the signed transaction {@code encoded} with {@code --sign-only}; otherwise, unless
   * {@code --yes}, shows {@code confirmation} and asks, then broadcasts it and prints the result.
   */
  int printOrBroadcast(
      CliCommand cmd,
      Stdin stdin,
      NodeClient client,
      String encoded,
      String confirmation,
      boolean json)
      throws CliException {
    if (signOnly) {
      cmd.out().println(encoded);
      return 0;
    }
    if (!yes) {
      cmd.err().println(confirmation);
      if (!stdin.confirm("Confirm transaction?")) {
        throw new CliException("aborted: transaction not sent");
      }
    }
    return TxCommand.broadcast(cmd, client, encoded, json);
  }
}
