package io.lattice.crypto.merkle;

import io.lattice.crypto.CryptoException;
import java.security.MessageDigest;
import java.util.List;

/**
 * An RFC 9162 inclusion proof (audit path) of leaf {@code leafIndex} in a tree of {@code treeSize}
 * leaves: the sibling hashes from the leaf up to the root.
 */
public record InclusionProof(long leafIndex, long treeSize, List<byte[]> path) {
  public InclusionProof {
    path = ProofPath.copyOf(path);
  }

  @Override
  public List<byte[]> path() {
    return ProofPath.clonesOf(path);
  }

  /**
   * Verifies that {@code leafHash} is leaf {@code leafIndex} of the tree with root {@code root}
   * (RFC 9162 §2.1.3.2).
   *
   * @throws CryptoException naming why the proof does not hold
   */
  public void verify(byte[] leafHash, byte[] root) throws CryptoException {
    if (leafIndex < 0 || treeSize < 0 || leafIndex >= treeSize) {
      throw new CryptoException(
          "inclusion proof: leaf index " + leafIndex + " is not below tree size " + treeSize);
    }
    ProofPath.checkHash("leaf hash", leafHash);
    ProofPath.checkHash("root", root);
    long fn = leafIndex;
    long sn = treeSize - 1;
    byte[] r = leafHash;
    for (int i = 0; i < path.size(); i++) {
      byte[] p = path.get(i);
      ProofPath.checkHash("path hash " + i, p);
      if (sn == 0) {
        throw new CryptoException(
            "inclusion proof: path has "
                + path.size()
                + " hashes, more than a tree of size "
                + treeSize
                + " needs");
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = MerkleTree.nodeHash(p, r);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      } else {
        r = MerkleTree.nodeHash(r, p);
      }
      fn >>= 1;
      sn >>= 1;
    }
    if (sn != 0) {
      throw new CryptoException(
          "inclusion proof: path has "
              + path.size()
              + " hashes, fewer than a tree of size "
              + treeSize
              + " needs");
    }
    if (!MessageDigest.isEqual(r, root)) {
      throw new CryptoException("inclusion proof: computed root does not match the given root");
    }
  }

  /** {@link #verify} as a predicate. */
  public boolean verifies(byte[] leafHash, byte[] root) {
    try {
      verify(leafHash, root);
      return true;
    } catch (CryptoException e) {
      return false;
    }
  }
}
