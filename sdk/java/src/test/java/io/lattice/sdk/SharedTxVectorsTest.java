package io.lattice.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lattice.crypto.mnemonic.DerivationPath;
import io.lattice.proto.tx.v1.TxRaw;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The SDK's clients build the exact transactions of the repository's shared vectors
 * (testdata/tx-vectors.json, written by the runtime's SharedTxVectorsTest and checked by the
 * TypeScript SDK too): wallet from mnemonic and path, message as the client method makes it, fee
 * from a FeePolicy, signature.
 */
class SharedTxVectorsTest {
  private static final HexFormat HEX = HexFormat.of();

  private static JsonNode vector(String name) throws Exception {
    JsonNode all =
        new ObjectMapper().readTree(Files.readString(Path.of("../../testdata/tx-vectors.json")));
    for (JsonNode v : all.path("vectors")) {
      if (v.path("name").asText().equals(name)) {
        return v;
      }
    }
    throw new AssertionError("no vector named " + name);
  }

  private static void assertBuilds(JsonNode v, Wallet wallet, com.google.protobuf.Message msg) {
    JsonNode signer = v.path("signers").get(0);
    long gas = v.path("fee").path("gas_limit").asLong();
    BigInteger fee = new BigInteger(v.path("fee").path("amount").get(0).path("amount").asText());
    FeePolicy policy =
        new FeePolicy(gas, new BigDecimal(fee).divide(BigDecimal.valueOf(gas)), "ulat");
    assertThat(policy.fee().amount()).isEqualTo(fee);
    assertThat(wallet.address())
        .isEqualTo(v.path("expected").path("signers").get(0).path("address").asText());
    TxRaw tx =
        TxSender.build(
            v.path("chain_id").asText(),
            policy,
            wallet,
            signer.path("account_number").asLong(),
            signer.path("sequence").asLong(),
            List.of(msg),
            v.path("memo").asText());
    assertThat(HEX.formatHex(tx.getBodyBytes().toByteArray()))
        .isEqualTo(v.path("expected").path("body_bytes_hex").asText());
    assertThat(HEX.formatHex(tx.toByteArray()))
        .isEqualTo(v.path("expected").path("tx_bytes_hex").asText());
  }

  @Test
  void transferBuildsTheMsgSendVector() throws Exception {
    JsonNode v = vector("bank MsgSend, ed25519 from a 24-word mnemonic");
    Wallet wallet = Wallet.fromMnemonic(v.path("signers").get(0).path("mnemonic").asText());
    JsonNode m = v.path("messages").get(0);
    JsonNode coin = m.path("amount").get(0);
    assertBuilds(
        v,
        wallet,
        CurrencyChainClient.transferMsg(
            wallet,
            m.path("to_address").asText(),
            new Amount(coin.path("denom").asText(), new BigInteger(coin.path("amount").asText()))));
  }

  @Test
  void stakeBuildsTheLockedMsgDelegateVector() throws Exception {
    JsonNode v = vector("staking MsgDelegate with a lock, amount above 2^64");
    JsonNode s = v.path("signers").get(0);
    assertThat(s.path("path").asText()).isEqualTo("m/44'/9000'/0'/0'/1'");
    Wallet wallet = Wallet.fromMnemonic(s.path("mnemonic").asText(), DerivationPath.account(0, 1));
    JsonNode m = v.path("messages").get(0);
    JsonNode coin = m.path("amount");
    assertBuilds(
        v,
        wallet,
        CurrencyChainClient.stakeMsg(
            wallet,
            m.path("validator_address").asText(),
            new Amount(coin.path("denom").asText(), new BigInteger(coin.path("amount").asText())),
            Duration.ofSeconds(m.path("lock_seconds").asLong())));
  }
}
