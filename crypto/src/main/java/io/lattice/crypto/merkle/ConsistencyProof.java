package io.lattice.crypto.merkle;

import io.lattice.crypto.CryptoException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * An RFC 9162 consistency proof that the tree of {@code oldSize} leaves is a prefix of the tree of
 * {@code newSize} leaves. The proof is empty when {@code oldSize} is 0 (every tree extends the
 * empty tree) or equals {@code newSize} (the roots must then be equal).
 */
public record ConsistencyProof(long oldSize, long newSize, List<byte[]> path) {
  public ConsistencyProof {
    path = ProofPath.copyOf(path);
  }

  @Override
  public List<byte[]> path() {
    return ProofPath.clonesOf(path);
  }

  /**
   * Verifies that {@code oldRoot} (of {@code oldSize} leaves) and {@code newRoot} (of {@code
   * newSize} leaves) belong to the same append-only tree (RFC 9162 §2.1.4.2).
   *
   * @throws CryptoException naming why the proof does not hold
   */
  public void verify(byte[] oldRoot, byte[] newRoot) throws CryptoException {
    ProofPath.checkHash("old root", oldRoot);
    ProofPath.checkHash("new root", newRoot);
    if (oldSize < 0 || oldSize > newSize) {
      throw new CryptoException(
          "consistency proof: old size " + oldSize + " must be between 0 and new size " + newSize);
    }
    if (oldSize == 0 || oldSize == newSize) {
      if (!path.isEmpty()) {
        throw new CryptoException(
            "consistency proof from size " + oldSize + " to " + newSize + " must be empty");
      }
      if (oldSize == 0 && !MessageDigest.isEqual(oldRoot, MerkleTree.emptyRoot())) {
        throw new CryptoException("consistency proof: old root is not the empty-tree root");
      }
      if (oldSize == newSize && !MessageDigest.isEqual(oldRoot, newRoot)) {
        throw new CryptoException("consistency proof: equal sizes but different roots");
      }
      return;
    }
    if (path.isEmpty()) {
      throw new CryptoException("consistency proof: path is empty");
    }
    List<byte[]> hashes = new ArrayList<>(path.size() + 1);
    if (Long.bitCount(oldSize) == 1) {
      hashes.add(oldRoot);
    }
    hashes.addAll(path);
    for (int i = 0; i < hashes.size(); i++) {
      ProofPath.checkHash("path hash " + i, hashes.get(i));
    }
    long fn = oldSize - 1;
    long sn = newSize - 1;
    while ((fn & 1) == 1) {
      fn >>= 1;
      sn >>= 1;
    }
    byte[] fr = hashes.get(0);
    byte[] sr = hashes.get(0);
    for (int i = 1; i < hashes.size(); i++) {
      byte[] c = hashes.get(i);
      if (sn == 0) {
        throw new CryptoException(
            "consistency proof: path has more hashes than sizes "
                + oldSize
                + " → "
                + newSize
                + " need");
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = MerkleTree.nodeHash(c, fr);
        sr = MerkleTree.nodeHash(c, sr);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      } else {
        sr = MerkleTree.nodeHash(sr, c);
      }
      fn >>= 1;
      sn >>= 1;
    }
    if (sn != 0) {
      throw new CryptoException(
          "consistency proof: path has fewer hashes than sizes "
              + oldSize
              + " → "
              + newSize
              + " need");
    }
    if (!MessageDigest.isEqual(fr, oldRoot)) {
      throw new CryptoException("consistency proof: computed old root does not match");
    }
    if (!MessageDigest.isEqual(sr, newRoot)) {
      throw new CryptoException("consistency proof: computed new root does not match");
    }
  }

  /** {@link #verify} as a predicate. */
  public boolean verifies(byte[] oldRoot, byte[] newRoot) {
    try {
      verify(oldRoot, newRoot);
      return true;
    } catch (CryptoException e) {
      return false;
    }
  }
}
