package io.lattice.storage.state;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A 16-ary internal node: four levels of the binary tree packed into one stored record. Its hash is
 * the binary Merkle root of its 16 slots with leaf compression: a slot range with no child hashes
 * to {@link TreeHasher#EMPTY}, a range with a single leaf child hashes to that leaf. Immutable.
 *
 * <p>Encoding (kept as the in-memory form too, so cached nodes are two flat arrays and cost the
 * garbage collector little): present mask (u16), leaf mask (u16), then for each present slot in
 * order its child reference: version (u64), hash (32), and for leaves the key hash (32).
 */
final class InternalNode {
  private static final int HASH = TreeHasher.HASH_LEN;
  private static final int REF = 8 + HASH;

  final int present;
  final int leaves;
  private final byte[] encoded;

  /**
   * The binary inner hashes, flat, in heap order: index {@code i} at offset {@code 32 i}; index 1
   * is the node hash, {@code 2i} and {@code 2i + 1} are the halves of {@code i}, indices 8..15
   * cover slot pairs. Computed lazily, or carried over from the node this one was derived from.
   */
  private volatile byte[] inner;

  private InternalNode(int present, int leaves, byte[] encoded) {
    this.present = present;
    this.leaves = leaves;
    this.encoded = encoded;
  }

  static InternalNode of(ChildRef[] children) {
    int p = 0;
    int l = 0;
    int len = 4;
    for (int i = 0; i < 16; i++) {
      ChildRef c = children[i];
      if (c != null) {
        p |= 1 << i;
        if (c.isLeaf()) {
          l |= 1 << i;
        }
        len += c.encodedLength();
      }
    }
    ByteBuffer out = ByteBuffer.allocate(len);
    out.putShort((short) p);
    out.putShort((short) l);
    for (ChildRef c : children) {
      if (c != null) {
        c.writeTo(out);
      }
    }
    return new InternalNode(p, l, out.array());
  }

  static InternalNode decode(byte[] bytes) {
    if (bytes.length < 4) {
      throw new IllegalStateException("corrupt state tree node: " + bytes.length + " bytes");
    }
    int present = ((bytes[0] & 0xFF) << 8) | (bytes[1] & 0xFF);
    int leaves = ((bytes[2] & 0xFF) << 8) | (bytes[3] & 0xFF);
    if ((leaves & ~present) != 0) {
      throw new IllegalStateException("corrupt state tree node: leaf mask outside present mask");
    }
    int expected = 4 + REF * Integer.bitCount(present) + HASH * Integer.bitCount(leaves);
    if (bytes.length != expected) {
      throw new IllegalStateException(
          "corrupt state tree node: " + bytes.length + " bytes, expected " + expected);
    }
    return new InternalNode(present, leaves, bytes);
  }

  /** The stored form; shared, callers must not modify it. */
  byte[] encode() {
    return encoded;
  }

  private int offset(int slot) {
    int below = (1 << slot) - 1;
    return 4 + REF * Integer.bitCount(present & below) + HASH * Integer.bitCount(leaves & below);
  }

  boolean isLeaf(int slot) {
    return (leaves & (1 << slot)) != 0;
  }

  /** Child in {@code slot}, or {@code null} when empty. */
  ChildRef child(int slot) {
    if ((present & (1 << slot)) == 0) {
      return null;
    }
    return ChildRef.readFrom(
        ByteBuffer.wrap(encoded, offset(slot), encoded.length - offset(slot)),
        isLeaf(slot) ? ChildRef.LEAF : ChildRef.INTERNAL);
  }

  byte[] hash(MessageDigest md) {
    return Arrays.copyOfRange(inner(md), HASH, 2 * HASH);
  }

  /** Hash of the binary subtree covering slots {@code [lo, lo + size)}, size a power of two. */
  byte[] hashRange(MessageDigest md, int lo, int size) {
    if (size == 1) {
      if ((present & (1 << lo)) == 0) {
        return TreeHasher.EMPTY.clone();
      }
      int off = offset(lo) + 8;
      return Arrays.copyOfRange(encoded, off, off + HASH);
    }
    int i = 16 / size + lo / size;
    return Arrays.copyOfRange(inner(md), i * HASH, (i + 1) * HASH);
  }

  /**
   * A node with {@code newChildren}, which differ from this node's only in the slots of {@code
   * dirty}: inner hashes over untouched slot ranges are reused, so one changed slot costs four
   * hashes instead of up to fifteen.
   */
  InternalNode derive(ChildRef[] changed, int dirty, MessageDigest md) {
    byte[] old = inner(md);
    InternalNode n = merge(changed, dirty);
    byte[] in = old.clone();
    for (int i = 15; i >= 1; i--) {
      int level = 31 - Integer.numberOfLeadingZeros(i);
      int size = 16 >>> level;
      int lo = (i - (1 << level)) * size;
      if ((dirty & rangeMask(lo, size)) != 0) {
        n.compute(md, in, i, lo, size);
      }
    }
    n.inner = in;
    return n;
  }

  /** This node with the slots in {@code dirty} replaced by {@code changed} (null = removed). */
  private InternalNode merge(ChildRef[] changed, int dirty) {
    int p = present & ~dirty;
    int l = leaves & ~dirty;
    for (int s = 0; s < 16; s++) {
      if ((dirty & (1 << s)) != 0 && changed[s] != null) {
        p |= 1 << s;
        if (changed[s].isLeaf()) {
          l |= 1 << s;
        }
      }
    }
    int len = 4 + REF * Integer.bitCount(p) + HASH * Integer.bitCount(l);
    ByteBuffer out = ByteBuffer.allocate(len);
    out.putShort((short) p);
    out.putShort((short) l);
    for (int s = 0; s < 16; s++) {
      int bit = 1 << s;
      if ((dirty & bit) != 0) {
        if (changed[s] != null) {
          changed[s].writeTo(out);
        }
      } else if ((present & bit) != 0) {
        out.put(encoded, offset(s), REF + ((leaves & bit) != 0 ? HASH : 0));
      }
    }
    return new InternalNode(p, l, out.array());
  }

  static int rangeMask(int lo, int size) {
    return ((1 << size) - 1) << lo;
  }

  private byte[] inner(MessageDigest md) {
    byte[] in = inner;
    if (in == null) {
      in = new byte[16 * HASH];
      for (int i = 15; i >= 1; i--) {
        int level = 31 - Integer.numberOfLeadingZeros(i);
        int size = 16 >>> level;
        compute(md, in, i, (i - (1 << level)) * size, size);
      }
      inner = in;
    }
    return in;
  }

  private void compute(MessageDigest md, byte[] in, int i, int lo, int size) {
    int m = present & rangeMask(lo, size);
    if (m == 0) {
      Arrays.fill(in, i * HASH, (i + 1) * HASH, (byte) 0);
      return;
    }
    if (Integer.bitCount(m) == 1 && (leaves & m) != 0) {
      System.arraycopy(encoded, offset(Integer.numberOfTrailingZeros(m)) + 8, in, i * HASH, HASH);
      return;
    }
    md.update((byte) 0x01);
    updateSub(md, in, 2 * i);
    updateSub(md, in, 2 * i + 1);
    try {
      md.digest(in, i * HASH, HASH);
    } catch (java.security.DigestException e) {
      throw new IllegalStateException("SHA-256 digest failed", e);
    }
  }

  private void updateSub(MessageDigest md, byte[] in, int j) {
    if (j < 16) {
      md.update(in, j * HASH, HASH);
      return;
    }
    int slot = j - 16;
    if ((present & (1 << slot)) == 0) {
      md.update(TreeHasher.EMPTY);
    } else {
      md.update(encoded, offset(slot) + 8, HASH);
    }
  }
}
