package io.lattice.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.lattice.common.Hex;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ML-DSA against OpenSSL (through pyca/cryptography, generated once and pinned in {@code
 * mldsa-openssl-crosscheck.txt}): the same seed ξ gives the same public key, Lattice verifies
 * OpenSSL's signatures, and Lattice's deterministic signatures are the ones OpenSSL verified.
 */
class MlDsaCrossCheckTest {
  @Test
  void seedsKeysAndSignaturesAgreeWithOpenSsl() throws IOException, CryptoException {
    List<String[]> vectors = TestData.vectorLines("mldsa-openssl-crosscheck.txt");
    assertThat(vectors).hasSize(6);
    for (String[] v : vectors) {
      KeyAlgorithm algorithm = KeyAlgorithm.fromId(v[0]);
      byte[] message = Hex.decode(v[2]);
      PrivateKeySigner signer = KeyPairs.fromPrivateKey(algorithm, Hex.decode(v[1]));
      String what = v[0] + " seed " + v[1].substring(0, 8);
      assertThat(Hex.encode(Hashes.sha256(signer.publicKey().encoded())))
          .as(what + ": public key from the seed")
          .isEqualTo(v[3]);
      byte[] openSslSignature = Hex.decode(v[4]);
      assertThat(signer.publicKey().verify(message, openSslSignature))
          .as(what + ": OpenSSL's signature")
          .isTrue();
      assertThat(signer.publicKey().verify(message, TestData.flipBit(openSslSignature, 100)))
          .isFalse();
      assertThat(Hex.encode(Hashes.sha256(signer.sign(message))))
          .as(what + ": deterministic signature verified by OpenSSL")
          .isEqualTo(v[5]);
    }
  }
}
