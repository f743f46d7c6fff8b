package io.lattice.crypto.merkle;

import io.lattice.crypto.CryptoException;
import io.lattice.crypto.Hashes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * An immutable RFC 9162 Merkle tree over a list of leaves. Proofs and roots are computed from the
 * leaf hashes on demand (O(n) per call); for the verifiers see {@link InclusionProof#verify} and
 * {@link ConsistencyProof#verify}, which need only the proof and the roots.
 */
public final class MerkleTree {
  /** Length of every hash in the tree. */
  public static final int HASH_LENGTH = 32;

  private static final byte[] EMPTY_ROOT = Hashes.sha256(new byte[0]);

  private final List<byte[]> leafHashes;

  private MerkleTree(List<byte[]> leafHashes) {
    this.leafHashes = leafHashes;
  }

  /** A tree whose leaves are {@code leaves} (the data, hashed here as leaves). */
  public static MerkleTree ofLeaves(List<byte[]> leaves) {
    List<byte[]> hashes = new ArrayList<>(leaves.size());
    for (byte[] leaf : leaves) {
      hashes.add(leafHash(leaf));
    }
    return new MerkleTree(List.copyOf(hashes));
  }

  /**
   * A tree from already computed leaf hashes.
   *
   * @throws CryptoException if a hash is not 32 bytes
   */
  public static MerkleTree ofLeafHashes(List<byte[]> leafHashes) throws CryptoException {
    List<byte[]> hashes = new ArrayList<>(leafHashes.size());
    for (int i = 0; i < leafHashes.size(); i++) {
      byte[] h = leafHashes.get(i);
      if (h == null || h.length != HASH_LENGTH) {
        throw new CryptoException(
            "leaf hash "
                + i
                + " must be "
                + HASH_LENGTH
                + " bytes, got "
                + (h == null ? 0 : h.length));
      }
      hashes.add(h.clone());
    }
    return new MerkleTree(List.copyOf(hashes));
  }

  /** SHA-256(0x00 ‖ data). */
  public static byte[] leafHash(byte[] data) {
    return Hashes.sha256(new byte[] {0}, data);
  }

  /** SHA-256(0x01 ‖ left ‖ right). */
  public static byte[] nodeHash(byte[] left, byte[] right) {
    MessageDigest md = Hashes.sha256Digest();
    md.update((byte) 1);
    md.update(left);
    md.update(right);
    return md.digest();
  }

  /** The root of the empty tree, SHA-256(""). */
  public static byte[] emptyRoot() {
    return EMPTY_ROOT.clone();
  }

  public int size() {
    return leafHashes.size();
  }

  public byte[] leafHashAt(int index) {
    return leafHashes.get(index).clone();
  }

  /** MTH(D[n]) of RFC 9162 §2.1.1. */
  public byte[] root() {
    return subtreeRoot(0, leafHashes.size());
  }

  /**
   * The root the tree had when it held only its first {@code size} leaves.
   *
   * @throws IllegalArgumentException if {@code size} is negative or above {@link #size()}
   */
  public byte[] rootAt(int size) {
    checkSize(size);
    return subtreeRoot(0, size);
  }

  /**
   * PATH(m, D[n]) of RFC 9162 §2.1.3.1 for leaf {@code index} in the whole tree.
   *
   * @throws IllegalArgumentException if {@code index} is not a leaf of this tree
   */
  public InclusionProof inclusionProof(int index) {
    return inclusionProof(index, leafHashes.size());
  }

  /** PATH(m, D[n]) in the tree of the first {@code treeSize} leaves. */
  public InclusionProof inclusionProof(int index, int treeSize) {
    checkSize(treeSize);
    if (index < 0 || index >= treeSize) {
      throw new IllegalArgumentException(
          "leaf index " + index + " is not in a tree of size " + treeSize);
    }
    List<byte[]> path = new ArrayList<>();
    path(index, 0, treeSize, path);
    return new InclusionProof(index, treeSize, path);
  }

  /**
   * PROOF(m, D[n]) of RFC 9162 §2.1.4.1 from the tree's first {@code oldSize} leaves to the whole
   * tree. Empty when {@code oldSize} is 0 or equals the size.
   */
  public ConsistencyProof consistencyProof(int oldSize) {
    return consistencyProof(oldSize, leafHashes.size());
  }

  /** PROOF(m, D[n]) between the first {@code oldSize} and the first {@code newSize} leaves. */
  public ConsistencyProof consistencyProof(int oldSize, int newSize) {
    checkSize(newSize);
    if (oldSize < 0 || oldSize > newSize) {
      throw new IllegalArgumentException(
          "old size " + oldSize + " must be between 0 and the new size " + newSize);
    }
    List<byte[]> path = new ArrayList<>();
    if (oldSize > 0 && oldSize < newSize) {
      subproof(oldSize, 0, newSize, true, path);
    }
    return new ConsistencyProof(oldSize, newSize, path);
  }

  private void checkSize(int size) {
    if (size < 0 || size > leafHashes.size()) {
      throw new IllegalArgumentException("size " + size + " is outside 0.." + leafHashes.size());
    }
  }

  /** MTH of leaves [from, to). */
  private byte[] subtreeRoot(int from, int to) {
    int n = to - from;
    if (n == 0) {
      return EMPTY_ROOT.clone();
    }
    if (n == 1) {
      return leafHashes.get(from).clone();
    }
    int k = largestPowerOfTwoBelow(n);
    return nodeHash(subtreeRoot(from, from + k), subtreeRoot(from + k, to));
  }

  private void path(int m, int from, int to, List<byte[]> out) {
    int n = to - from;
    if (n <= 1) {
      return;
    }
    int k = largestPowerOfTwoBelow(n);
    if (m < k) {
      path(m, from, from + k, out);
      out.add(subtreeRoot(from + k, to));
    } else {
      path(m - k, from + k, to, out);
      out.add(subtreeRoot(from, from + k));
    }
  }

  private void subproof(int m, int from, int to, boolean completeSubtree, List<byte[]> out) {
    int n = to - from;
    if (m == n) {
      if (!completeSubtree) {
        out.add(subtreeRoot(from, to));
      }
      return;
    }
    int k = largestPowerOfTwoBelow(n);
    if (m <= k) {
      subproof(m, from, from + k, completeSubtree, out);
      out.add(subtreeRoot(from + k, to));
    } else {
      subproof(m - k, from + k, to, false, out);
      out.add(subtreeRoot(from, from + k));
    }
  }

  /** The largest power of two strictly below {@code n} (n ≥ 2). */
  static int largestPowerOfTwoBelow(int n) {
    return Integer.highestOneBit(n - 1);
  }
}
