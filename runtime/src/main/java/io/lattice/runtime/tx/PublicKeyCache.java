package io.lattice.runtime.tx;

import com.google.protobuf.ByteString;
import io.lattice.crypto.CryptoException;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.PublicKey;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decoded public keys by (algorithm, raw encoding), least recently used evicted. Decoding validates
 * the key (for ed25519 a full subgroup check, about as costly as a signature verification), and a
 * sender's key is the same in every transaction it sends, so this halves the crypto cost of a
 * returning sender. Decoding is a pure function, so the cache never changes a result. Thread-safe:
 * {@link TxPipeline#preverify} uses it on request and gossip threads while a block executes; keys
 * are decoded outside the lock.
 */
final class PublicKeyCache {
  private record Key(String algorithm, ByteString raw) {}

  /** A decoded key and its address in text form (derived once: hashing plus bech32). */
  record Decoded(PublicKey key, String address) {}

  private final Map<Key, Decoded> entries;

  PublicKeyCache(int capacity) {
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Key, Decoded> eldest) {
            return size() > capacity;
          }
        };
  }

  Decoded decode(String algorithm, ByteString raw) throws CryptoException {
    Key k = new Key(algorithm, raw);
    synchronized (entries) {
      Decoded cached = entries.get(k);
      if (cached != null) {
        return cached;
      }
    }
    PublicKey key = PublicKey.decode(KeyAlgorithm.fromId(algorithm), raw.toByteArray());
    Decoded d = new Decoded(key, key.address().toString());
    synchronized (entries) {
      entries.put(k, d);
    }
    return d;
  }
}
