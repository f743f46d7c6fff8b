package io.lattice.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lattice.common.Hex;
import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class Ed25519Test {
  /** The order L of the ed25519 base point. */
  private static final BigInteger L =
      BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));

  @Test
  void rfc8032Section71Vectors() throws IOException, CryptoException {
    List<String[]> vectors = TestData.vectorLines("rfc8032-ed25519.txt");
    assertThat(vectors).hasSize(5);
    for (String[] v : vectors) {
      String name = v[0];
      byte[] message = Hex.decode(v[3]);
      byte[] signature = Hex.decode(v[4]);
      PrivateKeySigner signer = KeyPairs.fromPrivateKey(KeyAlgorithm.ED25519, Hex.decode(v[1]));
      assertThat(Hex.encode(signer.publicKey().encoded())).as(name).isEqualTo(v[2]);
      assertThat(Hex.encode(signer.sign(message))).as(name).isEqualTo(v[4]);
      PublicKey key = PublicKey.decode(KeyAlgorithm.ED25519, Hex.decode(v[2]));
      assertThat(key.verify(message, signature)).as(name).isTrue();
      assertThat(
              key.verify(
                  TestData.flipBit(message.length == 0 ? new byte[1] : message, 0), signature))
          .as(name + " tampered message")
          .isFalse();
      for (int bit : new int[] {0, 255, 256, 511}) {
        assertThat(key.verify(message, TestData.flipBit(signature, bit)))
            .as(name + " signature bit " + bit)
            .isFalse();
      }
    }
  }

  @Test
  void signatureWithSPlusLIsRejectedAsNonCanonical() throws IOException, CryptoException {
    String[] v = TestData.vectorLines("rfc8032-ed25519.txt").get(1);
    byte[] sig = Hex.decode(v[4]);
    byte[] sLittleEndian = java.util.Arrays.copyOfRange(sig, 32, 64);
    BigInteger s = new BigInteger(1, reverse(sLittleEndian));
    byte[] sPlusL = reverse(toFixed(s.add(L), 32));
    byte[] malleated = sig.clone();
    System.arraycopy(sPlusL, 0, malleated, 32, 32);
    PublicKey key = PublicKey.decode(KeyAlgorithm.ED25519, Hex.decode(v[2]));
    assertThat(key.verify(Hex.decode(v[3]), sig)).isTrue();
    assertThat(key.verify(Hex.decode(v[3]), malleated)).isFalse();
  }

  @Test
  void smallOrderAndNonCanonicalPublicKeysAreRefusedAtDecode() {
    byte[] identity = new byte[32];
    identity[0] = 1; // y = 1: the neutral element, order 1
    assertThatThrownBy(() -> PublicKey.decode(KeyAlgorithm.ED25519, identity))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("large order");
    byte[] nonCanonical = new byte[32];
    java.util.Arrays.fill(nonCanonical, (byte) 0xff);
    nonCanonical[31] = 0x7f; // y = 2^255 - 1 >= p
    assertThatThrownBy(() -> PublicKey.decode(KeyAlgorithm.ED25519, nonCanonical))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("canonical");
  }

  private static byte[] reverse(byte[] b) {
    byte[] out = new byte[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = b[b.length - 1 - i];
    }
    return out;
  }

  private static byte[] toFixed(BigInteger v, int length) {
    byte[] raw = v.toByteArray();
    byte[] out = new byte[length];
    int copy = Math.min(raw.length, length);
    System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
    return out;
  }
}
