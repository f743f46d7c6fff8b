package io.lattice.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lattice.common.Hex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** NIST ACVP key-generation vectors for SLH-DSA-SHA2-128f (FIPS 205). */
class SlhDsaAcvpTest {
  @Test
  void acvpKeysRestoreToTheirPublicKeysAndAWrongRootIsRefused()
      throws IOException, CryptoException {
    List<String[]> vectors = TestData.vectorLines("slh-dsa-sha2-128f-keygen-acvp.txt");
    assertThat(vectors).hasSize(10);
    byte[] message = "acvp".getBytes(StandardCharsets.UTF_8);
    for (String[] v : vectors) {
      byte[] sk = Hex.decode(v[0]);
      PrivateKeySigner signer = KeyPairs.fromPrivateKey(KeyAlgorithm.SLH_DSA_SHA2_128F, sk);
      assertThat(Hex.encode(signer.publicKey().encoded())).isEqualToIgnoringCase(v[1]);
      PublicKey key = PublicKey.decode(KeyAlgorithm.SLH_DSA_SHA2_128F, Hex.decode(v[1]));
      assertThat(key.verify(message, signer.sign(message))).isTrue();
    }
    byte[] wrongRoot = Hex.decode(vectors.get(0)[0]);
    wrongRoot[63] ^= 1;
    assertThatThrownBy(() -> KeyPairs.fromPrivateKey(KeyAlgorithm.SLH_DSA_SHA2_128F, wrongRoot))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("PK.root does not match");
  }
}
