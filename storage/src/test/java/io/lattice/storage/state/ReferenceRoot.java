package io.lattice.storage.state;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Test oracle: the root hash of a key/value map computed straight from the ADR's definition (binary
 * tree over SHA-256(key) bits, empty = zeros, single-leaf subtree = that leaf), with no nodes,
 * nibbles or storage involved.
 */
final class ReferenceRoot {
  private ReferenceRoot() {}

  static byte[] of(Map<byte[], byte[]> state) {
    List<byte[][]> leaves = new ArrayList<>();
    for (Map.Entry<byte[], byte[]> e : state.entrySet()) {
      byte[] kh = sha(e.getKey());
      leaves.add(new byte[][] {kh, sha(e.getValue())});
    }
    leaves.sort(Comparator.comparing(l -> l[0], Arrays::compareUnsigned));
    return subtree(leaves, 0);
  }

  private static byte[] subtree(List<byte[][]> leaves, int bit) {
    if (leaves.isEmpty()) {
      return new byte[32];
    }
    if (leaves.size() == 1) {
      return hash(new byte[] {0}, leaves.get(0)[0], leaves.get(0)[1]);
    }
    List<byte[][]> left = new ArrayList<>();
    List<byte[][]> right = new ArrayList<>();
    for (byte[][] l : leaves) {
      int b = (l[0][bit / 8] >> (7 - bit % 8)) & 1;
      (b == 0 ? left : right).add(l);
    }
    return hash(new byte[] {1}, subtree(left, bit + 1), subtree(right, bit + 1));
  }

  static byte[] sha(byte[] data) {
    return hash(data);
  }

  private static byte[] hash(byte[]... parts) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (byte[] p : parts) {
        md.update(p);
      }
      return md.digest();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
