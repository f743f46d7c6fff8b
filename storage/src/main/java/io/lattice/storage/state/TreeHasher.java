package io.lattice.storage.state;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The state tree's hash functions (docs/adr/0001-state-tree.md): SHA-256 with one-byte domain
 * separation. {@code leaf = H(0x00 ‖ keyHash ‖ H(value))}, {@code internal = H(0x01 ‖ left ‖
 * right)}, and the empty subtree is 32 zero bytes. A subtree holding exactly one leaf hashes to
 * that leaf's hash (leaf compression). MessageDigest instances are reused per thread.
 */
final class TreeHasher {
  static final int HASH_LEN = 32;
  static final int KEY_BITS = 256;
  static final int MAX_NIBBLES = 64;

  /** Hash of the empty subtree, hence the root hash of the empty tree. */
  static final byte[] EMPTY = new byte[HASH_LEN];

  private static final ThreadLocal<MessageDigest> DIGEST =
      ThreadLocal.withInitial(() -> {
        try {
          return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
          throw new IllegalStateException("SHA-256 unavailable", e);
        }
      });

  private TreeHasher() {}

  static MessageDigest digest() {
    return DIGEST.get();
  }

  static byte[] sha256(byte[] data) {
    MessageDigest md = digest();
    md.reset();
    return md.digest(data);
  }

  static byte[] leaf(MessageDigest md, byte[] keyHash, byte[] valueHash) {
    md.update((byte) 0x00);
    md.update(keyHash);
    md.update(valueHash);
    return md.digest();
  }

  static byte[] internal(MessageDigest md, byte[] left, byte[] right) {
    md.update((byte) 0x01);
    md.update(left);
    md.update(right);
    return md.digest();
  }

  /** Bit {@code i} of {@code hash}, most significant bit of byte 0 first. */
  static int bit(byte[] hash, int i) {
    return (hash[i >>> 3] >>> (7 - (i & 7))) & 1;
  }

  /** Nibble {@code d} of {@code hash}: the high nibble of byte 0 is nibble 0. */
  static int nibble(byte[] hash, int d) {
    int b = hash[d >>> 1] & 0xFF;
    return (d & 1) == 0 ? b >>> 4 : b & 0x0F;
  }

  /** Number of leading bits {@code a} and {@code b} share. */
  static int commonPrefixBits(byte[] a, byte[] b) {
    for (int i = 0; i < HASH_LEN; i++) {
      int x = (a[i] ^ b[i]) & 0xFF;
      if (x != 0) {
        return i * 8 + Integer.numberOfLeadingZeros(x) - 24;
      }
    }
    return KEY_BITS;
  }
}
