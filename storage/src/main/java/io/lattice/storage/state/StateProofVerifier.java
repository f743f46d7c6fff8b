package io.lattice.storage.state;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;

/**
 * Checks a {@link StateProof} against a root hash without any database: the light-client side of
 * the state tree (docs/adr/0001-state-tree.md).
 */
public final class StateProofVerifier {
  private StateProofVerifier() {}

  /**
   * True when {@code proof} shows that under {@code rootHash} the key {@code key} maps to {@code
   * value} (present) or to nothing ({@code value} empty).
   */
  public static boolean verify(
      byte[] rootHash, byte[] key, Optional<byte[]> value, StateProof proof) {
    return failure(rootHash, key, value, proof).isEmpty();
  }

  /** Why {@link #verify} fails, or empty when it succeeds. */
  public static Optional<String> failure(
      byte[] rootHash, byte[] key, Optional<byte[]> value, StateProof proof) {
    if (rootHash == null || rootHash.length != TreeHasher.HASH_LEN) {
      return Optional.of("root hash must be " + TreeHasher.HASH_LEN + " bytes");
    }
    byte[] keyHash = TreeHasher.sha256(key);
    int n = proof.siblings().size();
    MessageDigest md = TreeHasher.digest();
    md.reset();
    byte[] current;
    if (value.isPresent()) {
      if (proof.leaf().isEmpty()) {
        return Optional.of("membership claimed but the proof ends in an empty subtree");
      }
      StateProof.Leaf leaf = proof.leaf().get();
      if (!Arrays.equals(leaf.keyHash(), keyHash)) {
        return Optional.of("membership claimed but the proof's leaf holds another key");
      }
      byte[] valueHash = TreeHasher.sha256(value.get());
      if (!Arrays.equals(leaf.valueHash(), valueHash)) {
        return Optional.of("value does not match the proof's leaf");
      }
      current = TreeHasher.leaf(md, keyHash, valueHash);
    } else if (proof.leaf().isPresent()) {
      StateProof.Leaf leaf = proof.leaf().get();
      if (Arrays.equals(leaf.keyHash(), keyHash)) {
        return Optional.of("non-membership claimed but the proof's leaf holds the key");
      }
      if (TreeHasher.commonPrefixBits(leaf.keyHash(), keyHash) < n) {
        return Optional.of("the proof's leaf is not on the key's path");
      }
      current = TreeHasher.leaf(md, leaf.keyHash(), leaf.valueHash());
    } else {
      current = TreeHasher.EMPTY;
    }
    for (int i = n - 1; i >= 0; i--) {
      byte[] sibling = proof.siblings().get(i);
      current =
          TreeHasher.bit(keyHash, i) == 0
              ? TreeHasher.internal(md, current, sibling)
              : TreeHasher.internal(md, sibling, current);
    }
    if (!Arrays.equals(current, rootHash)) {
      return Optional.of("computed root does not match the expected root hash");
    }
    return Optional.empty();
  }
}
