package io.lattice.runtime.state;

/**
 * Encodes collection keys. Encodings are order-preserving where scans depend on order, and
 * prefix-free (no key's encoding is a prefix of another's) so that composite keys stay unambiguous.
 */
public interface KeyCodec<K> {
  byte[] encode(K key);

  K decode(byte[] bytes);
}
