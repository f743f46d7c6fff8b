package io.lattice.runtime.tx;

import com.google.protobuf.ByteString;
import io.lattice.crypto.Hashes;
import io.lattice.crypto.PublicKey;
import io.lattice.crypto.Verifier;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link Verifier} that remembers signatures it has seen verify, so that a transaction checked on
 * mempool admission ({@code checkTx}) is not verified again when its block executes. Only positive
 * results are kept, keyed by SHA-256 of (algorithm, key, message, signature) with length prefixes;
 * verification is a pure function of those, so a hit returns exactly what {@code inner} would.
 * Least recently used entries are evicted. Thread-safe.
 */
public final class SignatureCache implements Verifier {
  private final Verifier inner;
  private final Map<ByteString, Boolean> verified;

  public SignatureCache(Verifier inner, int capacity) {
    this.inner = inner;
    this.verified =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<ByteString, Boolean> eldest) {
            return size() > capacity;
          }
        };
  }

  @Override
  public boolean verify(PublicKey key, byte[] message, byte[] signature) {
    ByteString id = fingerprint(key, message, signature);
    synchronized (verified) {
      if (verified.containsKey(id)) {
        return true;
      }
    }
    boolean ok = inner.verify(key, message, signature);
    if (ok) {
      synchronized (verified) {
        verified.put(id, Boolean.TRUE);
      }
    }
    return ok;
  }

  /** Number of remembered signatures. */
  public int size() {
    synchronized (verified) {
      return verified.size();
    }
  }

  private static ByteString fingerprint(PublicKey key, byte[] message, byte[] signature) {
    byte[] alg = key.algorithm().id().getBytes(StandardCharsets.US_ASCII);
    byte[] raw = key.encoded();
    ByteBuffer head = ByteBuffer.allocate(12 + alg.length);
    head.putInt(alg.length).put(alg).putInt(raw.length).putInt(message.length);
    return ByteString.copyFrom(Hashes.sha256(head.array(), raw, message, signature));
  }
}
