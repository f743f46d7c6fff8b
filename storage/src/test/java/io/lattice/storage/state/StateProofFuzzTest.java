package io.lattice.storage.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link StateProof#decode} takes untrusted bytes (proofs arrive from other chains and light
 * clients): it either returns a proof whose encoding is exactly the input, or throws
 * IllegalArgumentException naming the cause; verifying a decoded proof never throws. The
 * {@code @FuzzTest} runs under Jazzer with {@code JAZZER_FUZZ=1}; the seeded test runs the same
 * check in every build.
 */
class StateProofFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void decodeAndVerify(FuzzedDataProvider data) {
    byte[] root = data.consumeBytes(32);
    byte[] key = data.consumeBytes(data.consumeInt(0, 64));
    Optional<byte[]> value =
        data.consumeBoolean()
            ? Optional.of(data.consumeBytes(data.consumeInt(0, 64)))
            : Optional.empty();
    check(data.consumeRemainingAsBytes(), root, key, value);
  }

  @Test
  void seededRandomAndStructuredInputs() {
    long seed = 8;
    Random rnd = new Random(seed);
    for (int i = 0; i < 5_000; i++) {
      int n = rnd.nextInt(12);
      byte[] bytes;
      if (rnd.nextBoolean()) {
        bytes = new byte[rnd.nextInt(200)];
        rnd.nextBytes(bytes);
      } else {
        // plausible header: format 1, a flag, a small sibling count, then random content
        bytes = new byte[4 + (rnd.nextBoolean() ? 64 : 0) + (n + 7) / 8 + 32 * rnd.nextInt(n + 1)];
        rnd.nextBytes(bytes);
        bytes[0] = 1;
        bytes[1] = (byte) rnd.nextInt(3);
        int countAt = bytes[1] == 1 && bytes.length >= 68 ? 66 : 2;
        bytes[countAt] = 0;
        bytes[countAt + 1] = (byte) n;
      }
      byte[] root = new byte[32];
      rnd.nextBytes(root);
      check(bytes, root, new byte[] {(byte) i}, Optional.empty());
    }
  }

  private static void check(byte[] bytes, byte[] root, byte[] key, Optional<byte[]> value) {
    StateProof proof;
    try {
      proof = StateProof.decode(bytes);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).startsWith("malformed state proof: ");
      return;
    }
    assertThat(proof.encode()).isEqualTo(bytes);
    StateProofVerifier.verify(root, key, value, proof);
  }
}
