package io.lattice.runtime.tx;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.crypto.PublicKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PublicKeyCacheTest {
  private static final int ROUNDS = 2_000;

  @Test
  void threadsDecodingWhileEntriesAreEvictedAlwaysGetTheRightKey() throws Exception {
    SecureRandom random = new SecureRandom();
    List<PublicKey> keys = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      keys.add(KeyPairs.generate(KeyAlgorithm.ED25519, random).publicKey());
    }
    // fewer slots than keys: threads hit, insert and evict at the same time
    PublicKeyCache cache = new PublicKeyCache(16);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int offset = t;
        results.add(
            pool.submit(() -> {
              int checked = 0;
              for (int i = 0; i < ROUNDS; i++) {
                PublicKey k = keys.get(Math.floorMod(i * 7 + offset * 13 + (i >> 10), keys.size()));
                PublicKeyCache.Decoded d =
                    cache.decode(k.algorithm().id(), ByteString.copyFrom(k.encoded()));
                assertThat(d.key()).isEqualTo(k);
                assertThat(d.address()).isEqualTo(k.address().toString());
                checked++;
              }
              return checked;
            }));
      }
      for (Future<Integer> r : results) {
        assertThat(r.get()).isEqualTo(ROUNDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
