package io.lattice.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * Malformed arguments of the chat, cross-chain and governance commands exit 2 naming the argument,
 * before any keyring or node is touched (the node address here has nothing listening).
 */
class ChainCliArgumentsTest {
  static final String NOWHERE = "http://127.0.0.1:9";

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "query xchain op nonsense|not an operation id",
        "query xchain op lattice-currency-1/x|not an operation id",
        "tx xchain register-with-stake alice 10ulat --from k --lock 5y|--lock: '5y' is not a duration",
        "tx xchain register-with-stake alice lots --from k|STAKE",
        "tx xchain register-with-stake alice 10ulat --from k --validator lat1bad|--validator",
        "tx xchain register-with-stake alice 10ulat --from k --wait soon|--wait",
        "tx identity register alice --from k --identity-key 00|--identity-key: must be 32 bytes",
        "tx identity register alice --from k --prekey zz|--prekey: invalid hex",
        "tx identity register alice --from k --device-id phone|--device-id and --device-key",
        "tx identity add-device phone 1234 --from k|PUBKEY: must be 32 bytes",
        "tx channels delete-post general 0 --from k|POST_ID must be a positive integer",
        "tx channels invite general lat1bad --from k|ADDRESS",
        "tx gov vote 1 maybe --from k|OPTION: 'maybe'",
        "tx gov vote x yes --from k|ID: 'x' is not a proposal id",
        "tx gov deposit 1 lots --from k|AMOUNT",
        "tx gov submit-proposal --title t --param-change bank --from k|is not MODULE=JSON",
        "tx gov submit-proposal --title t --param-change bank=[1] --from k|must be a JSON object",
        "tx messaging send bob '' --from k|MESSAGE is empty",
        "query messaging conversation a b --decrypt|--decrypt needs --from",
        "query reputation lat1bad|ADDRESS",
        "query gov proposal 0|not a proposal id",
        "query identity alice --output yaml|--output must be"
      })
  void malformedArgumentsExitTwo(String command, String reason) {
    String[] args = (command + " --node " + NOWHERE).split(" ");
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("''")) {
        args[i] = "";
      }
    }
    CliRun run = CliRun.exec(args);
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(CliException.BAD_INPUT);
    assertThat(run.err()).as(run.toString()).startsWith("Error: ").contains(reason);
  }

  @Test
  void chatCommandsTalkToTheChatChainUnlessToldOtherwise() {
    ChatQueries.IdentityQuery byDefault = new ChatQueries.IdentityQuery();
    new CommandLine(byDefault).parseArgs("alice");
    ModuleApi.chatByDefault(byDefault, byDefault.node);
    assertThat(byDefault.node.node).isEqualTo(ModuleApi.CHAT_NODE);

    ChatQueries.IdentityQuery given = new ChatQueries.IdentityQuery();
    new CommandLine(given).parseArgs("alice", "--node", NOWHERE);
    ModuleApi.chatByDefault(given, given.node);
    assertThat(given.node.node).isEqualTo(NOWHERE);

    IdentityTxCommand.Register register = new IdentityTxCommand.Register();
    new CommandLine(register).parseArgs("alice", "--from", "k");
    assertThat(register.chatChain()).isTrue();
    assertThat(register.node.node).isEqualTo(NodeOptions.DEFAULT_NODE);
    XchainCommand.RegisterWithStake xchain = new XchainCommand.RegisterWithStake();
    assertThat(xchain.chatChain())
        .as("cross-chain operations start on the currency chain")
        .isFalse();
  }

  @ParameterizedTest
  @CsvSource({"3600,3600", "90s,90", "15m,900", "12h,43200", "30d,2592000", "0,0"})
  void lockDurations(String text, long seconds) throws CliException {
    assertThat(XchainCommand.duration("--lock", text)).isEqualTo(Duration.ofSeconds(seconds));
  }

  @ParameterizedTest
  @CsvSource({
    "lattice-currency-1/7,/v1/xchain/ops/lattice-currency-1/7",
    "lattice-chat-1/12,/v1/xchain/ops/lattice-chat-1/12"
  })
  void operationPaths(String id, String path) throws CliException {
    assertThat(XchainCommand.opPath(id)).isEqualTo(path);
  }
}
