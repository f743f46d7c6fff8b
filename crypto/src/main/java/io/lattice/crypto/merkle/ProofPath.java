package io.lattice.crypto.merkle;

import io.lattice.crypto.CryptoException;
import java.util.ArrayList;
import java.util.List;

/** The hash-list handling shared by {@link InclusionProof} and {@link ConsistencyProof}. */
final class ProofPath {
  private ProofPath() {}

  /** An unmodifiable deep copy of {@code path}, so the caller's arrays cannot change the proof. */
  static List<byte[]> copyOf(List<byte[]> path) {
    List<byte[]> copy = new ArrayList<>(path.size());
    for (byte[] h : path) {
      copy.add(h.clone());
    }
    return List.copyOf(copy);
  }

  /** A fresh deep copy of {@code path} to hand out, so callers cannot change the proof. */
  static List<byte[]> clonesOf(List<byte[]> path) {
    return path.stream().map(byte[]::clone).toList();
  }

  static void checkHash(String what, byte[] hash) throws CryptoException {
    if (hash == null || hash.length != MerkleTree.HASH_LENGTH) {
      throw new CryptoException(
          what
              + " must be "
              + MerkleTree.HASH_LENGTH
              + " bytes, got "
              + (hash == null ? 0 : hash.length));
    }
  }
}
