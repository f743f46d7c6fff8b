package io.lattice.storage.state;

import java.nio.ByteBuffer;

/**
 * A pointer from an internal node (or a version's root record) to a child: a leaf, identified by
 * (key hash, version), or an internal node, identified by (version, path). Immutable; an absent
 * child is {@code null}.
 */
final class ChildRef {
  static final byte LEAF = 1;
  static final byte INTERNAL = 2;

  final byte kind;
  final long version;
  final byte[] hash;

  /** Key hash of a leaf child, {@code null} for internal children. */
  final byte[] keyHash;

  private ChildRef(byte kind, long version, byte[] hash, byte[] keyHash) {
    this.kind = kind;
    this.version = version;
    this.hash = hash;
    this.keyHash = keyHash;
  }

  static ChildRef leaf(long version, byte[] hash, byte[] keyHash) {
    return new ChildRef(LEAF, version, hash, keyHash);
  }

  static ChildRef internal(long version, byte[] hash) {
    return new ChildRef(INTERNAL, version, hash, null);
  }

  boolean isLeaf() {
    return kind == LEAF;
  }

  int encodedLength() {
    return 8 + TreeHasher.HASH_LEN + (isLeaf() ? TreeHasher.HASH_LEN : 0);
  }

  void writeTo(ByteBuffer out) {
    out.putLong(version);
    out.put(hash);
    if (isLeaf()) {
      out.put(keyHash);
    }
  }

  static ChildRef readFrom(ByteBuffer in, byte kind) {
    long version = in.getLong();
    byte[] hash = new byte[TreeHasher.HASH_LEN];
    in.get(hash);
    if (kind == LEAF) {
      byte[] kh = new byte[TreeHasher.HASH_LEN];
      in.get(kh);
      return leaf(version, hash, kh);
    }
    return internal(version, hash);
  }

  /** Root record: kind byte (0 = empty tree) followed by the reference. */
  static byte[] encodeRoot(ChildRef root) {
    if (root == null) {
      return new byte[] {0};
    }
    ByteBuffer out = ByteBuffer.allocate(1 + root.encodedLength());
    out.put(root.kind);
    root.writeTo(out);
    return out.array();
  }

  static ChildRef decodeRoot(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    byte kind = in.get();
    if (kind == 0) {
      return null;
    }
    if (kind != LEAF && kind != INTERNAL) {
      throw new IllegalStateException("corrupt state tree root record: kind " + kind);
    }
    return readFrom(in, kind);
  }
}
