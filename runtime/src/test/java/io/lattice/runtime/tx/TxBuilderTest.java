package io.lattice.runtime.tx;

import static org.assertj.core.api.Assertions.assertThat;

import io.lattice.crypto.CryptoException;
import io.lattice.crypto.Hashes;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.crypto.PublicKey;
import io.lattice.proto.Canonical;
import io.lattice.proto.DecodeException;
import io.lattice.proto.tx.v1.AuthInfo;
import io.lattice.proto.tx.v1.Coin;
import io.lattice.proto.tx.v1.TxBody;
import io.lattice.proto.tx.v1.TxRaw;
import java.util.List;
import org.junit.jupiter.api.Test;

class TxBuilderTest {
  private static PrivateKeySigner key(int seed) throws CryptoException {
    byte[] sk = new byte[32];
    sk[0] = (byte) seed;
    return KeyPairs.fromPrivateKey(KeyAlgorithm.ED25519, sk);
  }

  @Test
  void buildsACanonicalSignedTransaction() throws Exception {
    PrivateKeySigner signer = key(1);
    Coin msg = Coin.newBuilder().setDenom("ulat").setAmount("5").build();
    TxRaw tx =
        TxBuilder.forChain("lattice-1")
            .addMessage(msg)
            .memo("hi")
            .fee(List.of(Coins.coin("ulat", 2000), Coins.coin("stake", 1)))
            .gasLimit(123)
            .timeoutHeight(77)
            .signer(signer, 4, 9)
            .build();
    byte[] bytes = tx.toByteArray();
    // what the builder produces passes the strict decoder at every level
    TxRaw raw = Canonical.decode(TxRaw.parser(), bytes, 65536, "tx");
    TxBody body = Canonical.decode(TxBody.parser(), raw.getBodyBytes().toByteArray(), 65536, "b");
    AuthInfo ai =
        Canonical.decode(AuthInfo.parser(), raw.getAuthInfoBytes().toByteArray(), 65536, "a");
    assertThat(body.getChainId()).isEqualTo("lattice-1");
    assertThat(body.getMessages(0).getTypeUrl()).isEqualTo("/lattice.tx.v1.Coin");
    assertThat(body.getMemo()).isEqualTo("hi");
    assertThat(body.getTimeoutHeight()).isEqualTo(77);
    assertThat(ai.getFee().getGasLimit()).isEqualTo(123);
    assertThat(ai.getFee().getAmountList())
        .extracting(Coin::getDenom)
        .containsExactly("stake", "ulat");
    assertThat(ai.getSignerInfos(0).getSequence()).isEqualTo(9);
    assertThat(ai.getSignerInfos(0).getPublicKey().getAlgorithm()).isEqualTo("ed25519");

    PublicKey pk = signer.publicKey();
    byte[] doc = TxBuilder.signDoc(raw.getBodyBytes(), raw.getAuthInfoBytes(), "lattice-1", 4);
    assertThat(pk.verify(doc, raw.getSignatures(0).toByteArray())).isTrue();
    byte[] otherAccount =
        TxBuilder.signDoc(raw.getBodyBytes(), raw.getAuthInfoBytes(), "lattice-1", 5);
    assertThat(pk.verify(otherAccount, raw.getSignatures(0).toByteArray())).isFalse();
    byte[] otherChain = TxBuilder.signDoc(raw.getBodyBytes(), raw.getAuthInfoBytes(), "other", 4);
    assertThat(pk.verify(otherChain, raw.getSignatures(0).toByteArray())).isFalse();
    assertThat(TxBuilder.hash(tx)).isEqualTo(Hashes.sha256(bytes));
  }

  @Test
  void signingIsDeterministic() throws CryptoException, DecodeException {
    byte[] a =
        TxBuilder.forChain("c").addMessage(Coins.coin("ulat", 1)).signer(key(2), 0, 0).buildBytes();
    byte[] b =
        TxBuilder.forChain("c").addMessage(Coins.coin("ulat", 1)).signer(key(2), 0, 0).buildBytes();
    assertThat(a).isEqualTo(b);
    assertThat(Canonical.decode(TxRaw.parser(), a, 1000, "tx").getSignaturesCount()).isEqualTo(1);
  }
}
