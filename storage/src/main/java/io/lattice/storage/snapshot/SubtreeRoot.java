package io.lattice.storage.snapshot;

import io.lattice.storage.state.TreeHashes;
import java.util.Arrays;

/**
 * The hash of one subtree of the state tree and how many leaves it holds; the count decides how two
 * subtrees combine (leaf compression: a subtree with one leaf is that leaf).
 */
public record SubtreeRoot(byte[] hash, long leaves) {
  public static final SubtreeRoot EMPTY = new SubtreeRoot(TreeHashes.empty(), 0);

  public SubtreeRoot {
    if (hash.length != TreeHashes.HASH_LEN) {
      throw new IllegalArgumentException("subtree hash must be 32 bytes, got " + hash.length);
    }
    if (leaves < 0) {
      throw new IllegalArgumentException("leaf count must not be negative, got " + leaves);
    }
    hash = hash.clone();
  }

  @Override
  public byte[] hash() {
    return hash.clone();
  }

  /** The subtree whose halves are {@code left} and {@code right}. */
  public static SubtreeRoot combine(SubtreeRoot left, SubtreeRoot right) {
    long total = Math.addExact(left.leaves, right.leaves);
    if (total == 0) {
      return EMPTY;
    }
    if (total == 1) {
      return left.leaves == 1 ? left : right;
    }
    return new SubtreeRoot(TreeHashes.internal(left.hash, right.hash), total);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SubtreeRoot r && leaves == r.leaves && Arrays.equals(hash, r.hash);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(hash) + Long.hashCode(leaves);
  }

  @Override
  public String toString() {
    return "SubtreeRoot[" + leaves + " leaves, " + java.util.HexFormat.of().formatHex(hash) + "]";
  }
}
