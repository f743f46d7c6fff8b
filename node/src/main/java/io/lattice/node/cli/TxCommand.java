package io.lattice.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.crypto.Address;
import io.lattice.crypto.CryptoException;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.crypto.keyring.KeyInfo;
import io.lattice.crypto.keyring.Keyring;
import io.lattice.crypto.keyring.KeyringException;
import io.lattice.proto.bank.v1.MsgSend;
import io.lattice.proto.tx.v1.Coin;
import io.lattice.runtime.tx.TxBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lattice tx}: build, sign and broadcast transactions. */
@Command(
    name = "tx",
    mixinStandardHelpOptions = true,
    description = "Build, sign and broadcast transactions.",
    subcommands = {
      TxCommand.Bank.class,
      StakingTxCommand.class,
      DistributionTxCommand.class,
      SlashingTxCommand.class,
      IdentityTxCommand.class,
      MessagingCommand.Tx.class,
      ChannelsCommand.Tx.class,
      XchainCommand.Tx.class,
      GovCommand.Tx.class,
      TxCommand.Broadcast.class
    })
public final class TxCommand {

  @Command(
      name = "bank",
      mixinStandardHelpOptions = true,
      description = "Bank module transactions.",
      subcommands = {Send.class})
  static final class Bank {}

  @Command(
      name = "send",
      mixinStandardHelpOptions = true,
      description = {
        "Send coins from a keyring key (FROM: key name or its address) to TO.",
        "Waits until the transaction is committed; exits 1 with the reason if it is rejected."
      })
  static final class Send extends CliCommand {
    @Parameters(
        index = "0",
        paramLabel = "FROM",
        description = "Key name or address in the keyring")
    String from;

    @Parameters(
        index = "1",
        paramLabel = "TO",
        description = "Recipient address (lat1…) or key name in the keyring")
    String to;

    @Parameters(index = "2", paramLabel = "AMOUNT", description = "e.g. 1000ulat")
    String amount;

    @Mixin NodeOptions node = new NodeOptions();
    @Mixin KeyringOptions keyring = new KeyringOptions();

    @Mixin TxOptions tx = new TxOptions();

    @Option(
        names = "--gas",
        defaultValue = "200000",
        description = "Gas limit (default: ${DEFAULT-VALUE})")
    long gas = 200_000;

    @Option(
        names = "--account-number",
        description = "Signer's account number (default: asked from the node)")
    Long accountNumber;

    @Option(names = "--sequence", description = "Signer's sequence (default: asked from the node)")
    Long sequence;

    @Override
    int run() throws CliException {
      boolean json = node.json();
      Stdin stdin = new Stdin(err());
      List<Coin> coins = CoinArgs.parse(amount, "AMOUNT");
      List<Coin> feeCoins = tx.fee(gas);
      if ((accountNumber != null && accountNumber < 0) || (sequence != null && sequence < 0)) {
        throw CliException.badInput("--account-number and --sequence must not be negative");
      }
      Keyring ring = keyring.open(stdin);
      String recipient = recipient(ring, to);
      KeyInfo key = resolveKey(ring, from);
      String sender = key.address().toString();

      boolean offline =
          tx.signOnly && tx.chainId != null && accountNumber != null && sequence != null;
      NodeClient client = offline ? null : node.client();
      String chain =
          tx.chainId != null ? tx.chainId : client.get("/v1/status").path("chain_id").asText();
      long number;
      long seq;
      if (accountNumber != null && sequence != null) {
        number = accountNumber;
        seq = sequence;
      } else {
        JsonNode account =
            client
                .find("/v1/accounts/" + sender)
                .orElseThrow(() ->
                    new CliException(
                        "account "
                            + sender
                            + " not found on chain "
                            + chain
                            + ": it must receive funds before it can send"));
        number = accountNumber != null ? accountNumber : account.path("account_number").asLong();
        seq = sequence != null ? sequence : account.path("sequence").asLong();
      }

      PrivateKeySigner signer = signer(ring, key);
      MsgSend msg =
          MsgSend.newBuilder()
              .setFromAddress(sender)
              .setToAddress(recipient)
              .addAllAmount(coins)
              .build();
      byte[] signed =
          TxBuilder.forChain(chain)
              .addMessage(msg)
              .memo(tx.memo)
              .fee(feeCoins)
              .gasLimit(gas)
              .signer(signer, number, seq)
              .buildBytes();
      String encoded = Base64.getEncoder().encodeToString(signed);
      return tx.printOrBroadcast(
          this,
          stdin,
          client,
          encoded,
          "Send "
              + CoinArgs.format(coins)
              + " from "
              + sender
              + " to "
              + recipient
              + " on "
              + chain
              + " (fee "
              + CoinArgs.format(feeCoins)
              + ", gas "
              + gas
              + ", sequence "
              + seq
              + ")",
          json);
    }
  }

  @Command(
      name = "broadcast",
      mixinStandardHelpOptions = true,
      description = {
        "Broadcast a signed transaction (base64 TxRaw, as printed by --sign-only) from FILE",
        "or '-' for standard input, and wait until it is committed."
      })
  static final class Broadcast extends CliCommand {
    @Parameters(index = "0", paramLabel = "FILE")
    String file;

    @Mixin NodeOptions node = new NodeOptions();

    @Override
    int run() throws CliException {
      boolean json = node.json();
      String text;
      try {
        if (file.equals("-")) {
          InputStream in = System.in;
          text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } else {
          text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
        }
      } catch (IOException e) {
        throw CliException.badInput("cannot read " + file + ": " + e.getMessage());
      }
      String encoded = text.strip();
      try {
        if (Base64.getDecoder().decode(encoded).length == 0) {
          throw CliException.badInput(file + " holds no transaction");
        }
      } catch (IllegalArgumentException e) {
        throw CliException.badInput(file + " is not a base64 transaction: " + e.getMessage());
      }
      return broadcast(this, node.client(), encoded, json);
    }
  }

  /** Submits in commit mode and prints {@code {"txhash","height","code","log"}}. */
  static int broadcast(CliCommand cmd, NodeClient client, String txBase64, boolean json)
      throws CliException {
    ObjectNode request = CliCommand.JSON.createObjectNode();
    request.put("tx_bytes", txBase64);
    request.put("mode", "commit");
    JsonNode r = client.post("/v1/txs", request);
    ObjectNode result = CliCommand.JSON.createObjectNode();
    result.put("txhash", r.path("txhash").asText());
    result.put("height", r.path("height").asLong());
    result.put("code", r.path("code").asInt());
    result.put("log", r.path("log").asText());
    if (json) {
      cmd.printJson(result);
    } else {
      cmd.out().println("txhash: " + result.get("txhash").asText());
      cmd.out().println("height: " + result.get("height").asLong());
      cmd.out().println("code: " + result.get("code").asInt());
      if (!result.get("log").asText().isEmpty()) {
        cmd.out().println("log: " + result.get("log").asText());
      }
    }
    if (result.get("code").asInt() != 0) {
      cmd.err()
          .println(
              "Error: transaction failed with code "
                  + result.get("code").asInt()
                  + ": "
                  + result.get("log").asText());
      return CliException.FAILED;
    }
    return 0;
  }

  static String parseAddress(String what, String text) throws CliException {
    try {
      return Address.parse(text).toString();
    } catch (CryptoException e) {
      throw CliException.badInput(what + ": " + e.getMessage());
    }
  }

  /** {@code to} as an address, or the address of the keyring key named {@code to}. */
  static String recipient(Keyring ring, String to) throws CliException {
    if (to.startsWith(Address.HRP + "1")) {
      return parseAddress("TO", to);
    }
    try {
      return ring.find(to)
          .orElseThrow(() ->
              CliException.badInput(
                  "TO: '" + to + "' is neither a lat1… address nor a key in " + ring.directory()))
          .address()
          .toString();
    } catch (KeyringException e) {
      throw CliException.badInput("TO: '" + to + "' is not an address: " + e.getMessage());
    }
  }

  /** The signer of {@code key} in {@code ring}; a keyring failure becomes a CLI error. */
  static PrivateKeySigner signer(Keyring ring, KeyInfo key) throws CliException {
    try {
      return ring.signer(key.name());
    } catch (KeyringException e) {
      throw new CliException(e.getMessage());
    }
  }

  /** A key by name, or the key whose address is {@code nameOrAddress}. */
  static KeyInfo resolveKey(Keyring ring, String nameOrAddress) throws CliException {
    try {
      if (nameOrAddress.startsWith(Address.HRP + "1")) {
        String address = parseAddress("FROM", nameOrAddress);
        Optional<KeyInfo> match =
            ring.list().stream().filter(k -> k.address().toString().equals(address)).findFirst();
        return match.orElseThrow(() ->
            new CliException("no key with address " + address + " in keyring " + ring.directory()));
      }
      return ring.find(nameOrAddress)
          .orElseThrow(() ->
              new CliException(
                  "no key named '" + nameOrAddress + "' in keyring " + ring.directory()));
    } catch (KeyringException e) {
      throw new CliException(e.getMessage());
    }
  }
}
