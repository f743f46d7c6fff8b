package io.lattice.storage.state;

import java.security.MessageDigest;

/**
 * The state tree's hashing rules (docs/adr/0001-state-tree.md) for code that rebuilds parts of a
 * tree from its leaves without a database, such as snapshot chunk verification: a key's path is the
 * bits of {@code SHA-256(key)}, a leaf hashes to {@code SHA-256(0x00 ‖ keyHash ‖ SHA-256(value))},
 * two subtrees to {@code SHA-256(0x01 ‖ left ‖ right)}, the empty subtree is 32 zero bytes and a
 * subtree with one leaf hashes to that leaf.
 */
public final class TreeHashes {
  public static final int HASH_LEN = TreeHasher.HASH_LEN;

  private TreeHashes() {}

  /** The empty subtree's hash: 32 zero bytes. */
  public static byte[] empty() {
    return TreeHasher.EMPTY.clone();
  }

  public static byte[] keyHash(byte[] key) {
    return TreeHasher.sha256(key);
  }

  public static byte[] leaf(byte[] keyHash, byte[] value) {
    MessageDigest md = TreeHasher.digest();
    md.reset();
    byte[] valueHash = md.digest(value);
    return TreeHasher.leaf(md, keyHash, valueHash);
  }

  public static byte[] internal(byte[] left, byte[] right) {
    MessageDigest md = TreeHasher.digest();
    md.reset();
    return TreeHasher.internal(md, left, right);
  }

  /** Bit {@code i} of a key hash, most significant bit of byte 0 first. */
  public static int bit(byte[] keyHash, int i) {
    return TreeHasher.bit(keyHash, i);
  }
}
