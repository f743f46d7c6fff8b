package io.lattice.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.lattice.common.Hex;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Signatures from the Falcon submission's known-answer files verify under Lattice's encoding. */
class FalconKatTest {
  @Test
  void submissionKatSignaturesVerify() throws IOException, CryptoException {
    List<String[]> vectors = TestData.vectorLines("falcon-kat.txt");
    assertThat(vectors).hasSize(2);
    for (String[] v : vectors) {
      KeyAlgorithm algorithm = KeyAlgorithm.fromId(v[0]);
      PublicKey key = PublicKey.decode(algorithm, Hex.decode(v[1]));
      byte[] message = Hex.decode(v[2]);
      byte[] signature = Hex.decode(v[3]);
      assertThat(key.verify(message, signature)).as(v[0]).isTrue();
      assertThat(key.verify(TestData.flipBit(message, 0), signature)).isFalse();
      assertThat(key.verify(message, TestData.flipBit(signature, 8 * 50))).isFalse();
    }
  }
}
