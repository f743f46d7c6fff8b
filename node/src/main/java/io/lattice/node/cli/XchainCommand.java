package io.lattice.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.lattice.proto.identity.v1.EncryptionKeys;
import io.lattice.proto.staking.v1.Validator;
import io.lattice.proto.tx.v1.Coin;
import io.lattice.proto.xchain.v1.MsgCreateChannelWithFee;
import io.lattice.proto.xchain.v1.MsgRegisterWithStake;
import io.lattice.sdk.e2e.IdentityKeyPair;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lattice tx xchain …} (atomic cross-chain operations, started on the currency chain) and
 * {@code lattice query xchain …} (an operation's status and steps, the light client, pending
 * packets). docs/spec/xchain.md §5, §6.
 */
public final class XchainCommand {
  /** The statuses an operation does not leave. */
  static final Set<String> FINAL = Set.of("AtomicSuccess", "RolledBack", "Failed");

  private static final Pattern DURATION = Pattern.compile("([0-9]{1,12})([smhd]?)");
  private static final Duration POLL = Duration.ofMillis(500);

  private XchainCommand() {}

  @Command(
      name = "xchain",
      mixinStandardHelpOptions = true,
      description = "Atomic cross-chain operations (sent to the currency chain's node).",
      subcommands = {RegisterWithStake.class, CreateChannelWithFee.class})
  static final class Tx {}

  @Command(
      name = "xchain",
      mixinStandardHelpOptions = true,
      description = "Cross-chain queries (either chain).",
      subcommands = {OpQuery.class, ClientQuery.class, Packets.class})
  static final class Query {}

  /** {@code 90}, {@code 90s}, {@code 15m}, {@code 12h}, {@code 30d}. */
  static Duration duration(String what, String text) throws CliException {
    Matcher m = DURATION.matcher(text.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw CliException.badInput(
          what + ": '" + text + "' is not a duration such as 3600, 90s, 15m, 12h or 30d");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> Duration.ofSeconds(n);
    };
  }

  /** The path of an operation on the API: its id is {@code <source chain id>/<sequence>}. */
  static String opPath(String id) throws CliException {
    int slash = id.lastIndexOf('/');
    if (slash <= 0 || slash == id.length() - 1 || !id.substring(slash + 1).matches("[0-9]{1,20}")) {
      throw CliException.badInput(
          "ID: '" + id + "' is not an operation id such as lattice-currency-1/7");
    }
    return "/v1/xchain/ops/" + SignedTx.url(id.substring(0, slash)) + "/" + id.substring(slash + 1);
  }

  /**
   * Base of the commands that start an operation: prints {@code {"op_id", "status", "txhash",
   * "height"}}; with {@code --wait} polls the operation until it ends and exits 0 only on {@code
   * AtomicSuccess}.
   */
  abstract static class StartOp extends SignedTx {
    @Option(
        names = "--wait",
        description = "Wait up to this long (e.g. 60s) for AtomicSuccess, RolledBack or Failed")
    String wait;

    private Duration waitFor = Duration.ZERO;

    @Override
    void parseArguments() throws CliException {
      if (wait != null) {
        waitFor = duration("--wait", wait);
      }
    }

    @Override
    int report(ObjectNode committed, NodeClient client, boolean json) throws CliException {
      String id =
          SignedTx.event(committed, "xchain.op", "id")
              .orElseThrow(() ->
                  new CliException(
                      "transaction "
                          + committed.path("txhash").asText()
                          + " was committed but started no cross-chain operation"));
      JsonNode op = ModuleApi.get(client, opPath(id));
      long deadline = System.nanoTime() + waitFor.toNanos();
      while (!FINAL.contains(op.path("status").asText()) && System.nanoTime() < deadline) {
        try {
          Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new CliException("interrupted while waiting for operation " + id);
        }
        op = ModuleApi.get(client, opPath(id));
      }
      String status = op.path("status").asText();
      ObjectNode out = JSON.createObjectNode();
      out.put("op_id", id);
      out.put("status", status);
      if (!op.path("reason").asText("").isEmpty()) {
        out.put("reason", op.path("reason").asText());
      }
      out.put("txhash", committed.path("txhash").asText());
      out.put("height", committed.path("height").asLong());
      if (json) {
        printJson(out);
      } else {
        out().println("op_id: " + id);
        out().println("status: " + status);
        if (out.has("reason")) {
          out().println("reason: " + out.get("reason").asText());
        }
        out().println("txhash: " + out.get("txhash").asText());
        out().println("height: " + out.get("height").asLong());
      }
      if (waitFor.isZero() || status.equals("AtomicSuccess")) {
        return 0;
      }
      err()
          .println(
              FINAL.contains(status)
                  ? "Error: operation "
                      + id
                      + " ended "
                      + status
                      + ": "
                      + op.path("reason").asText()
                  : "Error: operation " + id + " is still " + status + " after " + wait);
      return CliException.FAILED;
    }
  }

  @Command(
      name = "register-with-stake",
      mixinStandardHelpOptions = true,
      description = {
        "Atomically register USERNAME on the chat chain and bond STAKE on the currency chain",
        "(send to the currency chain's node): both happen or neither. The identity key is",
        "derived from the signing key as `tx identity register` derives it."
      })
  static final class RegisterWithStake extends StartOp {
    @Parameters(index = "0", paramLabel = "USERNAME")
    String username;

    @Parameters(index = "1", paramLabel = "STAKE", description = "e.g. 1000000ulat")
    String stake;

    @Option(
        names = "--validator",
        description = "Operator address to bond to (default: the bonded validator with most stake)")
    String validator;

    @Option(
        names = "--lock",
        defaultValue = "0",
        description = "Lock the stake this long: 3600, 90s, 15m, 12h, 30d (default: unlocked)")
    String lock = "0";

    private Coin stakeCoin;
    private long lockSeconds;

    @Override
    void parseArguments() throws CliException {
      super.parseArguments();
      stakeCoin = ModuleTx.coin(stake, "STAKE");
      lockSeconds = duration("--lock", lock).toSeconds();
      if (validator != null) {
        validator = TxCommand.parseAddress("--validator", validator);
      }
    }

    @Override
    List<Message> messages(Signing signing) throws CliException {
      if (validator == null) {
        validator = largestValidator(signing.client());
      }
      byte[] identityKey = IdentityKeyPair.derive(signing.signer()).publicKey();
      return List.of(
          MsgRegisterWithStake.newBuilder()
              .setOwner(signing.address())
              .setUsername(username)
              .setKeys(EncryptionKeys.newBuilder().setIdentityKey(ByteString.copyFrom(identityKey)))
              .setStake(stakeCoin)
              .setValidator(validator)
              .setLockSeconds(lockSeconds)
              .build());
    }

    @Override
    String summary(String signer) {
      return "Register '"
          + username
          + "' on the chat chain and bond "
          + stake
          + " to "
          + validator
          + (lockSeconds > 0 ? " locked for " + lockSeconds + "s" : "")
          + ", atomically";
    }

    /** The operator address of the bonded, unjailed validator with the most tokens. */
    static String largestValidator(NodeClient client) throws CliException {
      Validator best = null;
      for (Validator v : StakingQueryCommand.validators(new StateReader(client))) {
        if (!v.getJailed()
            && (best == null
                || new BigInteger(v.getTokens()).compareTo(new BigInteger(best.getTokens())) > 0)) {
          best = v;
        }
      }
      if (best == null) {
        throw new CliException("the chain has no unjailed validator; give --validator");
      }
      return best.getOperatorAddress();
    }
  }

  @Command(
      name = "create-channel-with-fee",
      mixinStandardHelpOptions = true,
      description = {
        "Atomically pay FEE on the currency chain and create channel NAME on the chat chain",
        "(send to the currency chain's node)."
      })
  static final class CreateChannelWithFee extends StartOp {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "FEE", description = "e.g. 1000ulat")
    String fee;

    @Option(names = "--invite-only", description = "Only invited accounts may join")
    boolean inviteOnly;

    private Coin feeCoin;

    @Override
    void parseArguments() throws CliException {
      super.parseArguments();
      feeCoin = ModuleTx.coin(fee, "FEE");
    }

    @Override
    List<Message> messages(Signing signing) {
      return List.of(
          MsgCreateChannelWithFee.newBuilder()
              .setOwner(signing.address())
              .setName(name)
              .setInviteOnly(inviteOnly)
              .setFee(feeCoin)
              .build());
    }

    @Override
    String summary(String signer) {
      return "Create channel '" + name + "' on the chat chain for a fee of " + fee + ", atomically";
    }
  }

  @Command(
      name = "op",
      mixinStandardHelpOptions = true,
      description = "A cross-chain operation: its status and each step with its chain and height.")
  static final class OpQuery extends QueryCommand.NodeQuery {
    @Parameters(index = "0", paramLabel = "ID", description = "e.g. lattice-currency-1/7")
    String id;

    @Override
    int run() throws CliException {
      boolean json = node.json();
      JsonNode op = ModuleApi.get(node.client(), opPath(id));
      if (json) {
        printJson(op);
        return 0;
      }
      out().println("id: " + op.path("id").asText());
      out().println("kind: " + op.path("kind").asText());
      out().println("status: " + op.path("status").asText());
      if (!op.path("reason").asText("").isEmpty()) {
        out().println("reason: " + op.path("reason").asText());
      }
      out().println("owner: " + op.path("owner").asText());
      out().println("steps:");
      for (JsonNode s : op.path("steps")) {
        out()
            .println(
                "- "
                    + s.path("status").asText()
                    + " on "
                    + s.path("chain_id").asText()
                    + " at height "
                    + s.path("height").asText());
      }
      return 0;
    }
  }

  @Command(
      name = "client",
      mixinStandardHelpOptions = true,
      description = "The light client of the counterparty chain.")
  static final class ClientQuery extends QueryCommand.NodeQuery {
    @Override
    int run() throws CliException {
      node.json();
      print(ModuleApi.get(node.client(), "/v1/xchain/client"));
      return 0;
    }
  }

  @Command(
      name = "packets",
      mixinStandardHelpOptions = true,
      description = "Packets sent and not yet acknowledged or timed out.")
  static final class Packets extends QueryCommand.NodeQuery {
    @Override
    int run() throws CliException {
      node.json();
      print(ModuleApi.get(node.client(), "/v1/xchain/packets?pending=true"));
      return 0;
    }
  }
}
