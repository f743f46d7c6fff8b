package io.lattice.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.proto.bank.v1.MsgSend;
import io.lattice.proto.staking.v1.MsgDelegate;
import io.lattice.proto.tx.v1.AuthInfo;
import io.lattice.proto.tx.v1.SignDoc;
import io.lattice.proto.tx.v1.TxBody;
import io.lattice.proto.tx.v1.TxRaw;
import io.lattice.runtime.tx.Coins;
import io.lattice.runtime.tx.TxBuilder;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The SDK signs with the runtime's TxBuilder: the same inputs give the same bytes as a TxBuilder
 * used directly (what the node's CLI and faucet do), and the signature verifies over the SignDoc.
 */
class TxBuildingTest {
  private static final String MNEMONIC =
      "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon"
          + " abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon"
          + " abandon abandon art";

  @Test
  void sameBytesAsTheRuntimeTxBuilder() throws Exception {
    Wallet wallet = Wallet.fromMnemonic(MNEMONIC);
    MsgSend send =
        MsgSend.newBuilder()
            .setFromAddress(wallet.address())
            .setToAddress(Wallet.create().address())
            .addAmount(Coins.coin("ulat", 1234))
            .build();
    MsgDelegate delegate =
        MsgDelegate.newBuilder()
            .setDelegatorAddress(wallet.address())
            .setValidatorAddress(wallet.address())
            .setAmount(Coins.coin("ulat", 5))
            .setLockSeconds(3600)
            .build();
    TxRaw sdk =
        TxSender.build(
            "lattice-currency-1", FeePolicy.DEFAULT, wallet, 7, 3, List.of(send, delegate), "hi");
    TxRaw direct =
        TxBuilder.forChain("lattice-currency-1")
            .addMessage(send)
            .addMessage(delegate)
            .memo("hi")
            .fee(List.of(Coins.coin("ulat", 3000)))
            .gasLimit(300_000)
            .signer(wallet.signer(), 7, 3)
            .build();
    assertThat(sdk.toByteArray()).isEqualTo(direct.toByteArray());

    TxBody body = TxBody.parseFrom(sdk.getBodyBytes());
    assertThat(body.getMessages(0).getTypeUrl()).isEqualTo("/lattice.bank.v1.MsgSend");
    assertThat(body.getMessages(1).getTypeUrl()).isEqualTo("/lattice.staking.v1.MsgDelegate");
    assertThat(body.getChainId()).isEqualTo("lattice-currency-1");
    AuthInfo auth = AuthInfo.parseFrom(sdk.getAuthInfoBytes());
    assertThat(auth.getSignerInfos(0).getSequence()).isEqualTo(3);
    assertThat(auth.getFee().getGasLimit()).isEqualTo(300_000);
    byte[] doc =
        SignDoc.newBuilder()
            .setBodyBytes(sdk.getBodyBytes())
            .setAuthInfoBytes(sdk.getAuthInfoBytes())
            .setChainId("lattice-currency-1")
            .setAccountNumber(7)
            .build()
            .toByteArray();
    assertThat(wallet.signer().publicKey().verify(doc, sdk.getSignatures(0).toByteArray()))
        .isTrue();
  }

  @Test
  void aWalletRestoredFromItsMnemonicIsTheSameAccount() throws Exception {
    Wallet created = Wallet.create();
    Wallet restored = Wallet.fromMnemonic(created.mnemonic().orElseThrow());
    assertThat(restored.address()).isEqualTo(created.address()).startsWith("lat1");
    assertThat(restored.identity().publicKey()).isEqualTo(created.identity().publicKey());
    assertThat(created.mnemonic().orElseThrow().split(" ")).hasSize(24);
    assertThat(created.toString()).doesNotContain(created.mnemonic().orElseThrow());
    PrivateKeySigner other =
        KeyPairs.generate(KeyAlgorithm.SECP256K1, new java.security.SecureRandom());
    assertThat(Wallet.fromSigner(other).mnemonic()).isEmpty();
    assertThatThrownBy(() -> Wallet.fromMnemonic("abandon abandon"))
        .isInstanceOf(io.lattice.crypto.CryptoException.class);
  }

  @Test
  void feePolicyRoundsUpAndRefusesNonsense() {
    assertThat(FeePolicy.DEFAULT.fee()).isEqualTo(Amount.ulat(3000));
    assertThat(new FeePolicy(333, new BigDecimal("0.01"), "ulat").fee()).isEqualTo(Amount.ulat(4));
    assertThatThrownBy(() -> new FeePolicy(0, BigDecimal.ONE, "ulat"))
        .hasMessageContaining("gas limit");
    assertThatThrownBy(
            () -> TxSender.build("c", FeePolicy.DEFAULT, Wallet.create(), 0, 0, List.of(), ""))
        .hasMessageContaining("at least one message");
  }

  @Test
  void amountsAndAddressesAreCheckedBeforeSigning() {
    assertThatThrownBy(() -> Amount.of(-1, "ulat")).hasMessageContaining("negative");
    assertThatThrownBy(() -> Amount.of(1, "U")).hasMessageContaining("denom");
    CurrencyChainClient client = new CurrencyChainClient("http://127.0.0.1:9");
    Wallet w = Wallet.create();
    assertThatThrownBy(() -> client.transfer(w, "lat1notanaddress", Amount.ulat(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("to: ");
    assertThatThrownBy(() -> client.transfer(w, w.address(), Amount.ulat(0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("amount must be positive");
    assertThatThrownBy(
            () -> client.stake(w, w.address(), Amount.ulat(1), java.time.Duration.ofSeconds(-1)))
        .hasMessageContaining("lock");
  }

  @Test
  void anUnreachableNodeIsANodeExceptionWithStatusZero() throws Exception {
    int port;
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    NodeClient node = new NodeClient("http://127.0.0.1:" + port);
    assertThatThrownBy(node::status)
        .isInstanceOfSatisfying(NodeException.class, e -> assertThat(e.httpStatus()).isZero())
        .hasMessageContaining("cannot reach node at http://127.0.0.1:" + port);
    assertThatThrownBy(() -> new NodeClient("ftp://x")).hasMessageContaining("http or https");
  }

  @Test
  void opStatusesParseInEverySpellingTheNodeMayUse() {
    assertThat(OpStatus.parse("OP_STATUS_ATOMIC_SUCCESS")).isEqualTo(OpStatus.ATOMIC_SUCCESS);
    assertThat(OpStatus.parse("AtomicSuccess")).isEqualTo(OpStatus.ATOMIC_SUCCESS);
    assertThat(OpStatus.parse("ROLLED_BACK")).isEqualTo(OpStatus.ROLLED_BACK);
    assertThat(OpStatus.parse("ChatChainConfirmed")).isEqualTo(OpStatus.CHAT_CHAIN_CONFIRMED);
    assertThat(OpStatus.PENDING.isFinal()).isFalse();
    assertThat(OpStatus.FAILED.isFinal()).isTrue();
    assertThatThrownBy(() -> OpStatus.parse("Done")).hasMessageContaining("'Done'");
  }
}
