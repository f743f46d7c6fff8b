package io.lattice.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Properties every algorithm must have, run for each {@link KeyAlgorithm}. */
class SignatureRoundTripTest {
  private static final byte[] MESSAGE =
      "transfer 10 lat to lat1gqczx20yru7vwewygmxrjqhvwuzkud0vkkn60k"
          .getBytes(StandardCharsets.UTF_8);

  /** Pinned encoding sizes: public key, private key, and signature (maximum for Falcon). */
  private static final Map<KeyAlgorithm, int[]> SIZES = new EnumMap<>(KeyAlgorithm.class);

  static {
    SIZES.put(KeyAlgorithm.ED25519, new int[] {32, 32, 64});
    SIZES.put(KeyAlgorithm.SECP256K1, new int[] {33, 32, 64});
    SIZES.put(KeyAlgorithm.ML_DSA_44, new int[] {1312, 32, 2420});
    SIZES.put(KeyAlgorithm.ML_DSA_65, new int[] {1952, 32, 3309});
    SIZES.put(KeyAlgorithm.ML_DSA_87, new int[] {2592, 32, 4627});
    SIZES.put(KeyAlgorithm.FALCON_512, new int[] {897, 2178, 666});
    SIZES.put(KeyAlgorithm.FALCON_1024, new int[] {1793, 4098, 1280});
    SIZES.put(KeyAlgorithm.SLH_DSA_SHA2_128F, new int[] {32, 64, 17088});
    SIZES.put(KeyAlgorithm.HYBRID, new int[] {1984, 64, 3373});
  }

  private static boolean variableLength(KeyAlgorithm algorithm) {
    return algorithm == KeyAlgorithm.FALCON_512 || algorithm == KeyAlgorithm.FALCON_1024;
  }

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void signVerifyAndRestore(KeyAlgorithm algorithm) throws CryptoException {
    PrivateKeySigner signer =
        KeyPairs.generate(algorithm, TestData.seededRandom(algorithm.ordinal()));
    assertThat(signer.algorithm()).isEqualTo(algorithm);
    int[] sizes = SIZES.get(algorithm);
    assertThat(signer.publicKey().encoded()).hasSize(sizes[0]);
    assertThat(signer.privateKey()).hasSize(sizes[1]);

    byte[] signature = signer.sign(MESSAGE);
    if (variableLength(algorithm)) {
      assertThat(signature.length).isLessThanOrEqualTo(sizes[2]);
    } else {
      assertThat(signature).hasSize(sizes[2]);
    }
    assertThat(signer.publicKey().verify(MESSAGE, signature)).isTrue();

    PublicKey decoded = PublicKey.decode(algorithm, signer.publicKey().encoded());
    assertThat(decoded).isEqualTo(signer.publicKey()).hasSameHashCodeAs(signer.publicKey());
    assertThat(decoded.verify(MESSAGE, signature)).isTrue();
    assertThat(decoded.address()).isEqualTo(signer.publicKey().address());

    PrivateKeySigner restored = KeyPairs.fromPrivateKey(algorithm, signer.privateKey());
    assertThat(restored.publicKey()).isEqualTo(signer.publicKey());
    assertThat(restored.privateKey()).isEqualTo(signer.privateKey());
    assertThat(decoded.verify(MESSAGE, restored.sign(MESSAGE))).isTrue();
    if (!variableLength(algorithm)) {
      assertThat(restored.sign(MESSAGE)).as("deterministic signing").isEqualTo(signature);
    }
  }

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void tamperedMessageSignatureOrKeyIsRejected(KeyAlgorithm algorithm) {
    PrivateKeySigner signer =
        KeyPairs.generate(algorithm, TestData.seededRandom(100 + algorithm.ordinal()));
    PrivateKeySigner other =
        KeyPairs.generate(algorithm, TestData.seededRandom(200 + algorithm.ordinal()));
    byte[] signature = signer.sign(MESSAGE);
    PublicKey key = signer.publicKey();

    assertThat(key.verify(TestData.flipBit(MESSAGE, 3), signature)).isFalse();
    assertThat(key.verify(Arrays.copyOf(MESSAGE, MESSAGE.length - 1), signature)).isFalse();
    int bits = signature.length * 8;
    for (int bit : new int[] {0, 9, bits / 3, bits / 2, bits - 8, bits - 1}) {
      assertThat(key.verify(MESSAGE, TestData.flipBit(signature, bit)))
          .as("signature bit %d flipped", bit)
          .isFalse();
    }
    assertThat(key.verify(MESSAGE, Arrays.copyOf(signature, signature.length - 1))).isFalse();
    assertThat(key.verify(MESSAGE, Arrays.copyOf(signature, signature.length + 1))).isFalse();
    assertThat(key.verify(MESSAGE, new byte[0])).isFalse();
    assertThat(key.verify(MESSAGE, new byte[signature.length])).isFalse();
    assertThat(key.verify(MESSAGE, null)).isFalse();
    assertThat(other.publicKey().verify(MESSAGE, signature)).as("another key").isFalse();
    assertThat(other.publicKey()).isNotEqualTo(key);
    assertThat(other.publicKey().address()).isNotEqualTo(key.address());
  }

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void wrongLengthKeysAreRefusedWithTheReason(KeyAlgorithm algorithm) {
    int publicLength = SIZES.get(algorithm)[0];
    int privateLength = SIZES.get(algorithm)[1];
    for (int length : new int[] {0, publicLength - 1, publicLength + 1}) {
      assertThatThrownBy(() -> PublicKey.decode(algorithm, new byte[length]))
          .isInstanceOf(CryptoException.class)
          .hasMessageContaining(algorithm.id())
          .hasMessageContaining("got " + length);
    }
    for (int length : new int[] {0, privateLength - 1, privateLength + 1}) {
      assertThatThrownBy(() -> KeyPairs.fromPrivateKey(algorithm, new byte[length]))
          .isInstanceOf(CryptoException.class)
          .hasMessageContaining(algorithm.id())
          .hasMessageContaining("got " + length);
    }
    assertThatThrownBy(() -> PublicKey.decode(algorithm, null))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("missing");
  }

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void signerIsSafeToShareBetweenThreads(KeyAlgorithm algorithm) throws Exception {
    PrivateKeySigner signer =
        KeyPairs.generate(algorithm, TestData.seededRandom(300 + algorithm.ordinal()));
    PublicKey key = PublicKey.decode(algorithm, signer.publicKey().encoded());
    int threads = 4;
    boolean[] ok = new boolean[threads];
    Thread[] workers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      int id = t;
      workers[t] =
          new Thread(() -> {
            boolean all = true;
            for (int i = 0; i < 3; i++) {
              byte[] m = ("thread " + id + " message " + i).getBytes(StandardCharsets.UTF_8);
              all &= key.verify(m, signer.sign(m));
            }
            ok[id] = all;
          });
      workers[t].start();
    }
    for (Thread w : workers) {
      w.join();
    }
    assertThat(ok).containsOnly(true);
  }

  @Test
  void falconPrivateKeyWhosePublicHalfBelongsToAnotherKeyIsRefused() {
    PrivateKeySigner a = KeyPairs.generate(KeyAlgorithm.FALCON_512, TestData.seededRandom(7));
    PrivateKeySigner b = KeyPairs.generate(KeyAlgorithm.FALCON_512, TestData.seededRandom(8));
    byte[] mixed = a.privateKey();
    byte[] otherPublic = b.publicKey().encoded();
    System.arraycopy(otherPublic, 0, mixed, mixed.length - otherPublic.length, otherPublic.length);
    assertThatThrownBy(() -> KeyPairs.fromPrivateKey(KeyAlgorithm.FALCON_512, mixed))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("does not match");
  }

  @Test
  void falconPublicKeyWithBadHeaderOrCoefficientIsRefused() {
    byte[] key =
        KeyPairs.generate(KeyAlgorithm.FALCON_512, TestData.seededRandom(9)).publicKey().encoded();
    byte[] badHeader = key.clone();
    badHeader[0] = 0x0a;
    assertThatThrownBy(() -> PublicKey.decode(KeyAlgorithm.FALCON_512, badHeader))
        .hasMessageContaining("header");
    byte[] badCoefficient = key.clone();
    badCoefficient[1] = (byte) 0xff;
    badCoefficient[2] = (byte) 0xff; // first 14 bits = 16383 >= q
    assertThatThrownBy(() -> PublicKey.decode(KeyAlgorithm.FALCON_512, badCoefficient))
        .hasMessageContaining("not below q");
  }

  @Test
  void hybridNeedsBothHalves() throws CryptoException {
    PrivateKeySigner hybrid = KeyPairs.generate(KeyAlgorithm.HYBRID, TestData.seededRandom(11));
    byte[] sig = hybrid.sign(MESSAGE);
    byte[] pk = hybrid.publicKey().encoded();
    byte[] sk = hybrid.privateKey();
    PrivateKeySigner ed =
        KeyPairs.fromPrivateKey(KeyAlgorithm.ED25519, Arrays.copyOfRange(sk, 0, 32));
    PrivateKeySigner ml =
        KeyPairs.fromPrivateKey(KeyAlgorithm.ML_DSA_65, Arrays.copyOfRange(sk, 32, 64));
    assertThat(ed.publicKey().encoded()).isEqualTo(Arrays.copyOfRange(pk, 0, 32));
    assertThat(ml.publicKey().encoded()).isEqualTo(Arrays.copyOfRange(pk, 32, pk.length));
    assertThat(Arrays.copyOfRange(sig, 0, 64)).isEqualTo(ed.sign(MESSAGE));
    assertThat(Arrays.copyOfRange(sig, 64, sig.length)).isEqualTo(ml.sign(MESSAGE));

    byte[] edOther = ed.sign("other".getBytes(StandardCharsets.UTF_8));
    byte[] onlyPqValid = sig.clone();
    System.arraycopy(edOther, 0, onlyPqValid, 0, 64);
    assertThat(hybrid.publicKey().verify(MESSAGE, onlyPqValid)).as("ed25519 half bad").isFalse();
    byte[] onlyEdValid = TestData.flipBit(sig, 64 * 8 + 5);
    assertThat(hybrid.publicKey().verify(MESSAGE, onlyEdValid)).as("ml-dsa half bad").isFalse();

    byte[] badEdKey = pk.clone();
    Arrays.fill(badEdKey, 0, 32, (byte) 0);
    badEdKey[0] = 1;
    assertThatThrownBy(() -> PublicKey.decode(KeyAlgorithm.HYBRID, badEdKey))
        .hasMessageContaining("ed25519 part");
  }

  @Test
  void unknownAlgorithmIdNamesTheChoices() throws CryptoException {
    assertThatThrownBy(() -> KeyAlgorithm.fromId("rsa"))
        .isInstanceOf(CryptoException.class)
        .hasMessage(
            "unknown key algorithm 'rsa'; expected one of ed25519, secp256k1, ml-dsa-44, ml-dsa-65,"
                + " ml-dsa-87, falcon-512, falcon-1024, slh-dsa-sha2-128f, hybrid");
    for (KeyAlgorithm a : KeyAlgorithm.values()) {
      assertThat(KeyAlgorithm.fromId(a.id())).isEqualTo(a);
    }
  }
}
