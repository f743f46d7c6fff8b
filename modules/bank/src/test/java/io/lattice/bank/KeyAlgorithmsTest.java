package io.lattice.bank;

import static org.assertj.core.api.Assertions.assertThat;

import io.lattice.consensus.app.FinalizedBlock;
import io.lattice.crypto.CryptoException;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.proto.types.v1.TxResult;
import io.lattice.runtime.tx.Codes;
import io.lattice.runtime.tx.Coins;
import io.lattice.runtime.tx.TxBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Accounts of every supported key algorithm can send; tampered signatures of each are refused. */
class KeyAlgorithmsTest {
  private static final List<KeyAlgorithm> ALGORITHMS =
      List.of(
          KeyAlgorithm.ED25519,
          KeyAlgorithm.SECP256K1,
          KeyAlgorithm.ML_DSA_65,
          KeyAlgorithm.FALCON_512,
          KeyAlgorithm.SLH_DSA_SHA2_128F,
          KeyAlgorithm.HYBRID);

  private static PrivateKeySigner key(KeyAlgorithm alg) {
    byte[] sk = new byte[alg == KeyAlgorithm.HYBRID ? 64 : 32];
    for (int i = 0; i < sk.length; i++) {
      sk[i] = (byte) (i + 3);
    }
    try {
      return KeyPairs.fromPrivateKey(alg, sk);
    } catch (CryptoException e) {
      // Falcon private keys are not seeds: draw one instead
      return KeyPairs.generate(alg, new java.security.SecureRandom());
    }
  }

  @Test
  void everyAlgorithmCanSignAndItsTamperedSignaturesAreRefused() {
    TestChain chain = new TestChain(11, 1);
    List<PrivateKeySigner> keys = ALGORITHMS.stream().map(KeyAlgorithmsTest::key).toList();
    StringBuilder g = new StringBuilder("{\"bank\":{\"balances\":[");
    for (int i = 0; i < keys.size(); i++) {
      g.append(i == 0 ? "" : ",")
          .append("{\"address\":\"")
          .append(keys.get(i).publicKey().address())
          .append("\",\"coins\":[{\"denom\":\"ulat\",\"amount\":\"1000000\"}]}");
    }
    chain.genesis(g.append("]}}").toString());
    String to = chain.addresses.getFirst();
    for (int i = 0; i < keys.size(); i++) {
      PrivateKeySigner k = keys.get(i);
      String from = k.publicKey().address().toString();
      var account = chain.app.account(from).orElseThrow();
      byte[] tx =
          TxBuilder.forChain(TestChain.CHAIN_ID)
              .addMessage(TestChain.send(from, to, 5, "ulat"))
              .fee(List.of(Coins.coin("ulat", 5000)))
              .gasLimit(500_000)
              .signer(k, account.getAccountNumber(), 0)
              .buildBytes();
      FinalizedBlock fb = chain.block(tx);
      TxResult r = fb.txResults().getFirst();
      assertThat(r.getCode()).as(ALGORITHMS.get(i) + ": " + r.getLog()).isZero();
      var after = chain.app.account(from).orElseThrow();
      assertThat(after.getPublicKey().getAlgorithm()).isEqualTo(ALGORITHMS.get(i).id());
      assertThat(after.getSequence()).isEqualTo(1);
      // a tampered signature of this algorithm is refused
      var raw =
          TxBuilder.forChain(TestChain.CHAIN_ID)
              .addMessage(TestChain.send(from, to, 5, "ulat"))
              .fee(List.of(Coins.coin("ulat", 5000)))
              .gasLimit(500_000)
              .signer(k, account.getAccountNumber(), 1)
              .build();
      byte[] sig = raw.getSignatures(0).toByteArray();
      sig[sig.length / 2] ^= 0x10;
      byte[] bad =
          raw.toBuilder()
              .setSignatures(0, com.google.protobuf.ByteString.copyFrom(sig))
              .build()
              .toByteArray();
      assertThat(chain.app.checkTx(bad, false).code())
          .as(ALGORITHMS.get(i).id())
          .isEqualTo(Codes.UNAUTHORIZED);
    }
    assertThat(chain.balance(to, "ulat")).isEqualTo(TestChain.INITIAL_UNFUNDED + 5L * keys.size());
  }
}
