package io.lattice.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lattice.common.Hex;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;

class Secp256k1Test {
  private static final BigInteger N = Secp256k1Scheme.N;

  @Test
  void deterministicRfc6979SignaturesMatchPinnedVectors() throws IOException, CryptoException {
    List<String[]> vectors = TestData.vectorLines("secp256k1-rfc6979.txt");
    assertThat(vectors).hasSize(3);
    for (String[] v : vectors) {
      PrivateKeySigner signer = KeyPairs.fromPrivateKey(KeyAlgorithm.SECP256K1, Hex.decode(v[0]));
      byte[] message = v[1].getBytes(StandardCharsets.UTF_8);
      byte[] signature = signer.sign(message);
      assertThat(Hex.encode(signature)).as(v[1]).isEqualTo(v[2]);
      assertThat(signer.publicKey().verify(message, signature)).isTrue();
    }
  }

  @Test
  void generatorKeyHasTheKnownCompressedPublicKey() throws CryptoException {
    byte[] one = new byte[32];
    one[31] = 1;
    assertThat(
            Hex.encode(KeyPairs.fromPrivateKey(KeyAlgorithm.SECP256K1, one).publicKey().encoded()))
        .isEqualTo("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
  }

  @Test
  void signaturesAreAlwaysLowSAndTheirHighSTwinIsRejected() {
    PrivateKeySigner signer =
        KeyPairs.generate(KeyAlgorithm.SECP256K1, TestData.seededRandom(6979));
    Random random = new Random(42);
    int highSTwins = 0;
    for (int i = 0; i < 64; i++) {
      byte[] message = new byte[random.nextInt(100)];
      random.nextBytes(message);
      byte[] sig = signer.sign(message);
      BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
      assertThat(s).isLessThanOrEqualTo(Secp256k1Scheme.HALF_N).isPositive();
      assertThat(signer.publicKey().verify(message, sig)).isTrue();
      byte[] highS = sig.clone();
      BigIntegers.asUnsignedByteArray(N.subtract(s), highS, 32, 32);
      assertThat(signer.publicKey().verify(message, highS))
          .as("mathematically valid high-S twin must be rejected")
          .isFalse();
      highSTwins++;
    }
    assertThat(highSTwins).isEqualTo(64);
  }

  @Test
  void outOfRangeScalarsAreRejected() {
    PrivateKeySigner signer = KeyPairs.generate(KeyAlgorithm.SECP256K1, TestData.seededRandom(1));
    byte[] message = "m".getBytes(StandardCharsets.UTF_8);
    byte[] sig = signer.sign(message);
    byte[] zeroR = sig.clone();
    Arrays.fill(zeroR, 0, 32, (byte) 0);
    byte[] zeroS = sig.clone();
    Arrays.fill(zeroS, 32, 64, (byte) 0);
    byte[] rPlusN = sig.clone();
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(sig, 0, 32));
    if (r.add(N).bitLength() <= 256) {
      BigIntegers.asUnsignedByteArray(r.add(N), rPlusN, 0, 32);
      assertThat(signer.publicKey().verify(message, rPlusN)).isFalse();
    }
    assertThat(signer.publicKey().verify(message, zeroR)).isFalse();
    assertThat(signer.publicKey().verify(message, zeroS)).isFalse();
  }

  @Test
  void uncompressedFormOfTheSameKeyVerifiesTheSameSignatures() throws CryptoException {
    PrivateKeySigner signer = KeyPairs.generate(KeyAlgorithm.SECP256K1, TestData.seededRandom(2));
    byte[] compressed = signer.publicKey().encoded();
    byte[] uncompressed =
        Secp256k1Scheme.DOMAIN.getCurve().decodePoint(compressed).getEncoded(false);
    PublicKey key = PublicKey.decode(KeyAlgorithm.SECP256K1, uncompressed);
    byte[] message = "same key, other encoding".getBytes(StandardCharsets.UTF_8);
    assertThat(key.verify(message, signer.sign(message))).isTrue();
    assertThat(key.address()).isNotEqualTo(signer.publicKey().address());
  }

  @Test
  void malformedPublicKeysAreRefusedWithAReason() {
    byte[] hybridPrefix = new byte[65];
    hybridPrefix[0] = 0x06;
    assertThatThrownBy(() -> PublicKey.decode(KeyAlgorithm.SECP256K1, hybridPrefix))
        .hasMessageContaining("must start with 0x04");
    byte[] badPrefix = new byte[33];
    badPrefix[0] = 0x05;
    assertThatThrownBy(() -> PublicKey.decode(KeyAlgorithm.SECP256K1, badPrefix))
        .hasMessageContaining("0x02 or 0x03");
    byte[] notOnCurve = new byte[65];
    notOnCurve[0] = 0x04;
    notOnCurve[32] = 1;
    notOnCurve[64] = 1;
    assertThatThrownBy(() -> PublicKey.decode(KeyAlgorithm.SECP256K1, notOnCurve))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("curve");
    // x = 5 has no square root y on secp256k1 (y^2 = 132 is a non-residue mod p)
    byte[] noSuchX = new byte[33];
    noSuchX[0] = 0x02;
    noSuchX[32] = 5;
    assertThatThrownBy(() -> PublicKey.decode(KeyAlgorithm.SECP256K1, noSuchX))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("curve");
  }

  @Test
  void privateKeyOutsideOneToNMinusOneIsRefused() {
    assertThatThrownBy(() -> KeyPairs.fromPrivateKey(KeyAlgorithm.SECP256K1, new byte[32]))
        .hasMessageContaining("[1, n-1]");
    assertThatThrownBy(() ->
            KeyPairs.fromPrivateKey(KeyAlgorithm.SECP256K1, BigIntegers.asUnsignedByteArray(32, N)))
        .hasMessageContaining("[1, n-1]");
  }
}
