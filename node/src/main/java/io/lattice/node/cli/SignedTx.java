package io.lattice.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Message;
import io.lattice.crypto.Address;
import io.lattice.crypto.CryptoException;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.crypto.keyring.KeyInfo;
import io.lattice.crypto.keyring.Keyring;
import io.lattice.proto.tx.v1.Coin;
import io.lattice.runtime.tx.TxBuilder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Base of the chat- and cross-chain transaction commands ({@code tx identity …}, {@code tx
 * messaging …}, {@code tx channels …}, {@code tx xchain …}, {@code tx gov …}). The options are
 * those of {@link ModuleTx}; unlike it, the messages are built with the signer's key at hand (the
 * identity key is derived from it, direct messages are sealed with it) and the node at hand (to
 * look up a recipient's keys), and a command may report the committed result its own way.
 */
abstract class SignedTx extends CliCommand {
  @Option(
      names = "--from",
      required = true,
      description = "Key name or address in the keyring that signs")
  String from;

  @Mixin NodeOptions node = new NodeOptions();
  @Mixin KeyringOptions keyring = new KeyringOptions();

  @Mixin TxOptions tx = new TxOptions();

  @Option(
      names = "--gas",
      defaultValue = "300000",
      description = "Gas limit (default: ${DEFAULT-VALUE})")
  long gas = 300_000;

  /** What building the messages may use: the signer, its address and the node. */
  record Signing(String address, PrivateKeySigner signer, NodeClient client) {
    Address signerAddress() throws CliException {
      try {
        return Address.parse(address);
      } catch (CryptoException e) {
        throw new CliException("the key's address is invalid: " + e.getMessage());
      }
    }
  }

  /**
   * Checks the arguments before anything else is done (no keyring, no node): malformed input exits
   * 2 without a passphrase prompt.
   */
  void parseArguments() throws CliException {}

  /** Whether the command's module runs on the chat chain ({@code --node} defaults to its API). */
  boolean chatChain() {
    return false;
  }

  /** The messages to send. */
  abstract List<Message> messages(Signing signing) throws CliException;

  /** One line saying what the transaction does, shown before confirmation. */
  abstract String summary(String signer);

  /**
   * Prints the result of a committed transaction (code 0) and returns the exit code; by default as
   * {@code tx bank send} does.
   */
  int report(ObjectNode committed, NodeClient client, boolean json) throws CliException {
    if (json) {
      printJson(committed);
    } else {
      out().println("txhash: " + committed.path("txhash").asText());
      out().println("height: " + committed.path("height").asLong());
      out().println("code: 0");
    }
    return 0;
  }

  @Override
  final int run() throws CliException {
    boolean json = node.json();
    if (chatChain()) {
      ModuleApi.chatByDefault(this, node);
    }
    parseArguments();
    Stdin stdin = new Stdin(err());
    List<Coin> feeCoins = tx.fee(gas);
    Keyring ring = keyring.open(stdin);
    KeyInfo key = TxCommand.resolveKey(ring, from);
    String address = key.address().toString();
    NodeClient client = node.client();
    PrivateKeySigner signer = TxCommand.signer(ring, key);
    List<Message> msgs = messages(new Signing(address, signer, client));
    String chain =
        tx.chainId != null ? tx.chainId : client.get("/v1/status").path("chain_id").asText();
    JsonNode account =
        client
            .find("/v1/accounts/" + address)
            .orElseThrow(() ->
                new CliException(
                    "account "
                        + address
                        + " not found on chain "
                        + chain
                        + ": it must receive funds first"));
    TxBuilder b =
        TxBuilder.forChain(chain)
            .memo(tx.memo)
            .fee(feeCoins)
            .gasLimit(gas)
            .signer(
                signer, account.path("account_number").asLong(), account.path("sequence").asLong());
    msgs.forEach(b::addMessage);
    String encoded = Base64.getEncoder().encodeToString(b.buildBytes());
    if (tx.signOnly) {
      out().println(encoded);
      return 0;
    }
    if (!tx.yes) {
      err()
          .println(
              summary(address)
                  + " on "
                  + chain
                  + " (fee "
                  + CoinArgs.format(feeCoins)
                  + ", gas "
                  + gas
                  + ")");
      if (!stdin.confirm("Confirm transaction?")) {
        throw new CliException("aborted: transaction not sent");
      }
    }
    ObjectNode request = JSON.createObjectNode();
    request.put("tx_bytes", encoded);
    request.put("mode", "commit");
    JsonNode r = client.post("/v1/txs", request);
    ObjectNode committed = JSON.createObjectNode();
    committed.put("txhash", r.path("txhash").asText());
    committed.put("height", r.path("height").asLong());
    committed.put("code", r.path("code").asInt());
    committed.put("log", r.path("log").asText());
    if (committed.get("code").asInt() != 0) {
      if (json) {
        printJson(committed);
      }
      throw new CliException(
          "transaction "
              + committed.get("txhash").asText()
              + " failed with code "
              + committed.get("code").asInt()
              + ": "
              + committed.get("log").asText());
    }
    committed.set("events", r.path("events"));
    return report(committed, client, json);
  }

  /**
   * Prints {@code committed} with the number under {@code key} of its first {@code eventType} event
   * added as {@code field} (a new post's id, a proposal id): as JSON, or as {@code name: value}
   * lines of every field but the code and log, in the order they were added.
   */
  final int reportWithEventNumber(
      ObjectNode committed, String eventType, String key, String field, boolean json) {
    event(committed, eventType, key).ifPresent(v -> committed.put(field, Long.parseLong(v)));
    committed.remove("events");
    if (json) {
      printJson(committed);
      return 0;
    }
    committed
        .properties()
        .forEach(e -> {
          if (!e.getKey().equals("code") && !e.getKey().equals("log")) {
            out().println(e.getKey() + ": " + e.getValue().asText());
          }
        });
    return 0;
  }

  /** A transaction of a chat-chain module: {@code --node} defaults to the chat chain's API. */
  abstract static class Chat extends SignedTx {
    @Override
    final boolean chatChain() {
      return true;
    }
  }

  /** The first value of attribute {@code key} of the first event of {@code type}, if any. */
  static Optional<String> event(JsonNode committed, String type, String key) {
    for (JsonNode e : committed.path("events")) {
      if (e.path("type").asText().equals(type)) {
        for (JsonNode a : e.path("attributes")) {
          if (a.path("key").asText().equals(key)) {
            return Optional.of(a.path("value").asText());
          }
        }
      }
    }
    return Optional.empty();
  }

  /** {@code s} encoded for a URL path segment or query value. */
  static String url(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
