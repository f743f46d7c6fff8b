package io.lattice.storage.state;

import java.nio.ByteBuffer;
import java.security.MessageDigest;

/**
 * A 16-ary internal node: four levels of the binary tree packed into one stored record. Its hash is
 * the binary Merkle root of its 16 slots with leaf compression: a slot range with no child hashes
 * to {@link TreeHasher#EMPTY}, a range with a single leaf child hashes to that leaf. Immutable.
 *
 * <p>Encoding: present mask (u16), leaf mask (u16), then for each present slot in order its child
 * reference (version u64, hash, and for leaves the key hash).
 */
final class InternalNode {
  final ChildRef[] children;
  final int present;
  final int leaves;

  InternalNode(ChildRef[] children) {
    this.children = children;
    int p = 0;
    int l = 0;
    for (int i = 0; i < 16; i++) {
      ChildRef c = children[i];
      if (c != null) {
        p |= 1 << i;
        if (c.isLeaf()) {
          l |= 1 << i;
        }
      }
    }
    this.present = p;
    this.leaves = l;
  }

  int childCount() {
    return Integer.bitCount(present);
  }

  /** The only child when there is exactly one, else {@code null}. */
  ChildRef onlyChild() {
    return Integer.bitCount(present) == 1 ? children[Integer.numberOfTrailingZeros(present)] : null;
  }

  byte[] hash(MessageDigest md) {
    return hashRange(md, 0, 16);
  }

  static int rangeMask(int lo, int size) {
    return ((1 << size) - 1) << lo;
  }

  /** Hash of the binary subtree covering slots {@code [lo, lo + size)}. */
  byte[] hashRange(MessageDigest md, int lo, int size) {
    int m = present & rangeMask(lo, size);
    if (m == 0) {
      return TreeHasher.EMPTY;
    }
    if (Integer.bitCount(m) == 1 && (size == 1 || (leaves & m) != 0)) {
      return children[Integer.numberOfTrailingZeros(m)].hash;
    }
    int half = size >>> 1;
    byte[] left = hashRange(md, lo, half);
    byte[] right = hashRange(md, lo + half, half);
    return TreeHasher.internal(md, left, right);
  }

  byte[] encode() {
    int len = 4;
    for (ChildRef c : children) {
      if (c != null) {
        len += c.encodedLength();
      }
    }
    ByteBuffer out = ByteBuffer.allocate(len);
    out.putShort((short) present);
    out.putShort((short) leaves);
    for (ChildRef c : children) {
      if (c != null) {
        c.writeTo(out);
      }
    }
    return out.array();
  }

  static InternalNode decode(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    int present = in.getShort() & 0xFFFF;
    int leaves = in.getShort() & 0xFFFF;
    if ((leaves & ~present) != 0) {
      throw new IllegalStateException("corrupt state tree node: leaf mask outside present mask");
    }
    ChildRef[] children = new ChildRef[16];
    for (int i = 0; i < 16; i++) {
      if ((present & (1 << i)) != 0) {
        children[i] =
            ChildRef.readFrom(in, (leaves & (1 << i)) != 0 ? ChildRef.LEAF : ChildRef.INTERNAL);
      }
    }
    if (in.hasRemaining()) {
      throw new IllegalStateException("corrupt state tree node: trailing bytes");
    }
    return new InternalNode(children);
  }
}
