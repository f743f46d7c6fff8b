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

  /**
   * The node's binary inner hashes in heap order: index 1 is the node hash, {@code 2i} and {@code
   * 2i + 1} are the halves of {@code i}, indices 8..15 cover slot pairs. Computed once, lazily, or
   * carried over from the node this one was derived from.
   */
  private volatile byte[][] inner;

  byte[] hash(MessageDigest md) {
    return inner(md)[1];
  }

  /** Hash of the binary subtree covering slots {@code [lo, lo + size)}, size a power of two. */
  byte[] hashRange(MessageDigest md, int lo, int size) {
    if (size == 1) {
      return slotHash(lo);
    }
    return inner(md)[16 / size + lo / size];
  }

  /**
   * A node with {@code newChildren} that differ from this node's only in the slots of {@code
   * dirty}: inner hashes over untouched slot ranges are reused, so one changed slot costs four
   * hashes instead of up to fifteen.
   */
  InternalNode derive(ChildRef[] newChildren, int dirty, MessageDigest md) {
    byte[][] old = inner(md);
    InternalNode n = new InternalNode(newChildren);
    byte[][] in = new byte[16][];
    for (int i = 15; i >= 1; i--) {
      int level = 31 - Integer.numberOfLeadingZeros(i);
      int size = 16 >>> level;
      int lo = (i - (1 << level)) * size;
      in[i] = (dirty & rangeMask(lo, size)) != 0 ? n.compute(md, in, i, lo, size) : old[i];
    }
    n.inner = in;
    return n;
  }

  private byte[][] inner(MessageDigest md) {
    byte[][] in = inner;
    if (in == null) {
      in = new byte[16][];
      for (int i = 15; i >= 1; i--) {
        int level = 31 - Integer.numberOfLeadingZeros(i);
        int size = 16 >>> level;
        in[i] = compute(md, in, i, lo(i, level, size), size);
      }
      inner = in;
    }
    return in;
  }

  static int rangeMask(int lo, int size) {
    return ((1 << size) - 1) << lo;
  }

  private static int lo(int i, int level, int size) {
    return (i - (1 << level)) * size;
  }

  private byte[] compute(MessageDigest md, byte[][] in, int i, int lo, int size) {
    int m = present & rangeMask(lo, size);
    if (m == 0) {
      return TreeHasher.EMPTY;
    }
    if (Integer.bitCount(m) == 1 && (leaves & m) != 0) {
      return children[Integer.numberOfTrailingZeros(m)].hash;
    }
    return TreeHasher.internal(md, sub(in, 2 * i), sub(in, 2 * i + 1));
  }

  private byte[] sub(byte[][] in, int j) {
    return j < 16 ? in[j] : slotHash(j - 16);
  }

  private byte[] slotHash(int slot) {
    ChildRef c = children[slot];
    return c == null ? TreeHasher.EMPTY : c.hash;
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
