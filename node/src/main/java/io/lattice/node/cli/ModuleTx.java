package io.lattice.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Message;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.crypto.keyring.KeyInfo;
import io.lattice.crypto.keyring.Keyring;
import io.lattice.proto.tx.v1.Coin;
import io.lattice.runtime.tx.TxBuilder;
import java.math.BigInteger;
import java.util.Base64;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Base of the module transaction commands ({@code tx staking …}, {@code tx distribution …}, {@code
 * tx slashing …}): the signer is {@code --from} (key name or address), and the options are those of
 * {@code tx bank send} ({@code --chain-id}, {@code --fees}, {@code --gas-prices}, {@code --gas},
 * {@code --memo}, {@code --yes}, {@code --sign-only}, {@code --node}, {@code --output json}).
 */
abstract class ModuleTx extends CliCommand {
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

  private String signerAddress;
  private Keyring ring;
  private KeyInfo key;
  private Stdin stdin;

  /** The messages to send, built once the signer's address is known. */
  abstract List<Message> messages(String signer) throws CliException;

  /** One line saying what the transaction does, shown before confirmation. */
  abstract String summary(String signer);

  @Override
  final int run() throws CliException {
    boolean json = node.json();
    stdin = new Stdin(err());
    List<Coin> feeCoins = tx.fee(gas);
    ring = keyring.open(stdin);
    key = TxCommand.resolveKey(ring, from);
    signerAddress = key.address().toString();
    List<Message> msgs = messages(signerAddress);
    NodeClient client = node.client();
    String chain =
        tx.chainId != null ? tx.chainId : client.get("/v1/status").path("chain_id").asText();
    JsonNode account =
        client
            .find("/v1/accounts/" + signerAddress)
            .orElseThrow(() ->
                new CliException(
                    "account "
                        + signerAddress
                        + " not found on chain "
                        + chain
                        + ": it must receive funds first"));
    PrivateKeySigner signer = TxCommand.signer(ring, key);
    TxBuilder b =
        TxBuilder.forChain(chain)
            .memo(tx.memo)
            .fee(feeCoins)
            .gasLimit(gas)
            .signer(
                signer, account.path("account_number").asLong(), account.path("sequence").asLong());
    msgs.forEach(b::addMessage);
    String encoded = Base64.getEncoder().encodeToString(b.buildBytes());
    return tx.printOrBroadcast(
        this,
        stdin,
        client,
        encoded,
        summary(signerAddress)
            + " on "
            + chain
            + " (fee "
            + CoinArgs.format(feeCoins)
            + ", gas "
            + gas
            + ")",
        json);
  }

  /** A validator operator or delegator address argument, canonical. */
  static String address(String what, String text) throws CliException {
    return TxCommand.parseAddress(what, text);
  }

  /** One coin of AMOUNT (e.g. {@code 1000ulat}). */
  static Coin coin(String text, String what) throws CliException {
    List<Coin> coins = CoinArgs.parse(text, what);
    if (coins.size() != 1) {
      throw CliException.badInput(what + ": give exactly one coin, e.g. 1000ulat");
    }
    return coins.get(0);
  }

  /** A non-negative decimal like {@code 0.05}, checked here so the node is not asked in vain. */
  static String decimal(String text, String what) throws CliException {
    if (text == null || !text.matches("(0|[1-9][0-9]{0,30})(\\.[0-9]{1,18})?")) {
      throw CliException.badInput(what + ": '" + text + "' is not a decimal like 0.05");
    }
    return text;
  }

  static String integer(String text, String what) throws CliException {
    if (text == null || !text.matches("0|[1-9][0-9]{0,77}")) {
      throw CliException.badInput(what + ": '" + text + "' is not a non-negative integer");
    }
    return new BigInteger(text).toString();
  }
}
