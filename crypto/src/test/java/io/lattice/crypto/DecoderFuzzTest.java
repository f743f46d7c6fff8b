package io.lattice.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.lattice.crypto.merkle.ConsistencyProof;
import io.lattice.crypto.merkle.InclusionProof;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Decoders of untrusted input (public keys, private keys, addresses, Merkle proofs) either accept
 * or throw {@link CryptoException}; nothing else escapes, and verification never throws. The
 * {@code @FuzzTest} methods run under Jazzer with {@code JAZZER_FUZZ=1}; the seeded tests below run
 * the same checks on mutations of valid encodings in every build.
 */
class DecoderFuzzTest {
  private static final byte[] MESSAGE = "fuzz".getBytes(StandardCharsets.UTF_8);

  @FuzzTest(maxDuration = "60s")
  void publicKeyDecodeAndVerify(FuzzedDataProvider data) {
    KeyAlgorithm algorithm = data.pickValue(KeyAlgorithm.values());
    byte[] signature = data.consumeBytes(data.consumeInt(0, 5000));
    checkPublicKey(algorithm, data.consumeRemainingAsBytes(), signature);
  }

  @FuzzTest(maxDuration = "60s")
  void addressParse(FuzzedDataProvider data) {
    checkAddress(data.consumeRemainingAsString());
  }

  @FuzzTest(maxDuration = "60s")
  void merkleProofVerify(FuzzedDataProvider data) {
    long index = data.consumeLong();
    long size = data.consumeLong();
    List<byte[]> path = new ArrayList<>();
    int count = data.consumeInt(0, 70);
    for (int i = 0; i < count; i++) {
      path.add(data.consumeBytes(data.consumeBoolean() ? 32 : data.consumeInt(0, 40)));
    }
    byte[] a = data.consumeBytes(32);
    byte[] b = data.consumeBytes(32);
    checkProofs(index, size, path, a, b);
  }

  private static void checkPublicKey(KeyAlgorithm algorithm, byte[] raw, byte[] signature) {
    PublicKey key;
    try {
      key = PublicKey.decode(algorithm, raw);
    } catch (CryptoException expected) {
      assertThat(expected.getMessage()).isNotBlank();
      return;
    }
    assertThat(key.encoded()).isEqualTo(raw);
    key.verify(MESSAGE, signature);
    assertThat(key.address().toString()).startsWith("lat1");
  }

  private static void checkAddress(String text) {
    try {
      Address address = Address.parse(text);
      assertThat(address.toString()).isEqualTo(text.toLowerCase(Locale.ROOT));
    } catch (CryptoException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  private static void checkProofs(long index, long size, List<byte[]> path, byte[] a, byte[] b) {
    try {
      new InclusionProof(index, size, path).verify(a, b);
    } catch (CryptoException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
    try {
      new ConsistencyProof(index, size, path).verify(a, b);
    } catch (CryptoException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  private static byte[] mutate(Random random, byte[] valid) {
    byte[] out;
    switch (random.nextInt(4)) {
      case 0 -> out = Arrays.copyOf(valid, Math.max(0, valid.length - 1 - random.nextInt(3)));
      case 1 -> out = Arrays.copyOf(valid, valid.length + 1 + random.nextInt(3));
      default -> out = valid.clone();
    }
    int flips = 1 + random.nextInt(4);
    for (int i = 0; i < flips && out.length > 0; i++) {
      out[random.nextInt(out.length)] ^= (byte) (1 + random.nextInt(255));
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void mutatedPublicKeysAndSignaturesAreRejectedCleanly(KeyAlgorithm algorithm) {
    Random random = new Random(31 * algorithm.ordinal() + 7);
    PrivateKeySigner signer =
        KeyPairs.generate(algorithm, TestData.seededRandom(algorithm.ordinal()));
    byte[] key = signer.publicKey().encoded();
    byte[] signature = signer.sign(MESSAGE);
    int iterations = algorithm == KeyAlgorithm.SLH_DSA_SHA2_128F ? 40 : 200;
    for (int i = 0; i < iterations; i++) {
      byte[] mutatedKey = mutate(random, key);
      checkPublicKey(algorithm, mutatedKey, signature);
      try {
        assertThat(PublicKey.decode(algorithm, mutatedKey).verify(MESSAGE, signature))
            .as("signature under a mutated key")
            .isEqualTo(Arrays.equals(mutatedKey, key));
      } catch (CryptoException expected) {
        assertThat(expected.getMessage()).contains(algorithm.id());
      }
      byte[] mutatedSignature = mutate(random, signature);
      assertThat(signer.publicKey().verify(MESSAGE, mutatedSignature))
          .as("mutated signature")
          .isEqualTo(Arrays.equals(mutatedSignature, signature));
    }
  }

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void mutatedPrivateKeysAreRefusedOrStillSignConsistently(KeyAlgorithm algorithm) {
    Random random = new Random(17 * algorithm.ordinal() + 3);
    byte[] valid =
        KeyPairs.generate(algorithm, TestData.seededRandom(50 + algorithm.ordinal())).privateKey();
    int iterations = algorithm == KeyAlgorithm.SLH_DSA_SHA2_128F ? 10 : 40;
    for (int i = 0; i < iterations; i++) {
      byte[] mutated = mutate(random, valid);
      try {
        PrivateKeySigner signer = KeyPairs.fromPrivateKey(algorithm, mutated);
        assertThat(signer.publicKey().verify(MESSAGE, signer.sign(MESSAGE))).isTrue();
      } catch (CryptoException expected) {
        assertThat(expected.getMessage()).contains(algorithm.id());
      }
    }
  }

  @Test
  void mutatedAddressesAndProofsAreRejectedCleanly() {
    Random random = new Random(2024);
    String valid =
        KeyPairs.generate(KeyAlgorithm.ED25519, TestData.seededRandom(3))
            .publicKey()
            .address()
            .toString();
    for (int i = 0; i < 2000; i++) {
      byte[] mutated = mutate(random, valid.getBytes(StandardCharsets.ISO_8859_1));
      checkAddress(new String(mutated, StandardCharsets.ISO_8859_1));
    }
    for (int i = 0; i < 2000; i++) {
      List<byte[]> path = new ArrayList<>();
      for (int j = random.nextInt(8); j > 0; j--) {
        byte[] h = new byte[random.nextInt(10) == 0 ? random.nextInt(40) : 32];
        random.nextBytes(h);
        path.add(h);
      }
      byte[] a = new byte[32];
      byte[] b = new byte[random.nextInt(10) == 0 ? 31 : 32];
      random.nextBytes(a);
      random.nextBytes(b);
      checkProofs(random.nextInt(300) - 10, random.nextInt(300) - 10, path, a, b);
    }
  }
}
