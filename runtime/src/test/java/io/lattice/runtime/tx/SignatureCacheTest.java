package io.lattice.runtime.tx;

import static org.assertj.core.api.Assertions.assertThat;

import io.lattice.crypto.CryptoException;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.crypto.Verifier;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SignatureCacheTest {
  private final AtomicInteger calls = new AtomicInteger();
  private final Verifier counting =
      (key, message, signature) -> {
        calls.incrementAndGet();
        return Verifier.STANDARD.verify(key, message, signature);
      };

  private static PrivateKeySigner key(int seed) throws CryptoException {
    byte[] sk = new byte[32];
    sk[5] = (byte) seed;
    return KeyPairs.fromPrivateKey(KeyAlgorithm.ED25519, sk);
  }

  @Test
  void verifiedSignaturesAreRememberedFailuresAreNot() throws CryptoException {
    SignatureCache cache = new SignatureCache(counting, 2);
    PrivateKeySigner k = key(1);
    byte[] msg = "hello".getBytes(StandardCharsets.UTF_8);
    byte[] sig = k.sign(msg);
    assertThat(cache.verify(k.publicKey(), msg, sig)).isTrue();
    assertThat(cache.verify(k.publicKey(), msg, sig)).isTrue();
    assertThat(calls.get()).isEqualTo(1);

    byte[] bad = sig.clone();
    bad[0] ^= 1;
    assertThat(cache.verify(k.publicKey(), msg, bad)).isFalse();
    assertThat(cache.verify(k.publicKey(), msg, bad)).isFalse();
    assertThat(calls.get()).isEqualTo(3);
    // same signature, other message or other key: not a hit
    assertThat(cache.verify(k.publicKey(), "hellO".getBytes(StandardCharsets.UTF_8), sig))
        .isFalse();
    assertThat(cache.verify(key(2).publicKey(), msg, sig)).isFalse();
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void evictsLeastRecentlyUsed() throws CryptoException {
    SignatureCache cache = new SignatureCache(counting, 2);
    PrivateKeySigner k = key(3);
    byte[][] msgs = new byte[3][];
    for (int i = 0; i < 3; i++) {
      msgs[i] = new byte[] {(byte) i};
      assertThat(cache.verify(k.publicKey(), msgs[i], k.sign(msgs[i]))).isTrue();
    }
    assertThat(cache.size()).isEqualTo(2);
    int before = calls.get();
    cache.verify(k.publicKey(), msgs[0], k.sign(msgs[0]));
    assertThat(calls.get()).isEqualTo(before + 1);
  }
}
