package io.lattice.storage.state;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Key layout of one state tree under its prefix {@code P} (see storage/README.md):
 *
 * <pre>
 * P 'i' version:u64 depth:u8 path:⌈depth/2⌉ bytes  → internal node
 * P 'l' keyHash:32 version:u64                      → leaf: keyLen:u32 ‖ key ‖ value
 * P 'r' version:u64                                 → root record of that version
 * P 's' version:u64                                 → nodes orphaned by that version
 * P 'v' key                                         → latest value (flat index)
 * P 'm' 'L' / P 'm' 'E'                             → latest / earliest available version
 * </pre>
 *
 * Node keys inside a stale list are stored without {@code P}.
 */
final class Layout {
  static final byte INTERNAL = 'i';
  static final byte LEAF = 'l';
  static final byte ROOT = 'r';
  static final byte STALE = 's';
  static final byte VALUE = 'v';
  static final byte META = 'm';

  final byte[] prefix;

  Layout(byte[] prefix) {
    this.prefix = prefix.clone();
  }

  byte[] full(byte[] relative) {
    byte[] out = Arrays.copyOf(prefix, prefix.length + relative.length);
    System.arraycopy(relative, 0, out, prefix.length, relative.length);
    return out;
  }

  static byte[] internalKey(long version, int depth, byte[] keyHash) {
    int pathLen = (depth + 1) >>> 1;
    byte[] out = new byte[1 + 8 + 1 + pathLen];
    out[0] = INTERNAL;
    putLong(out, 1, version);
    out[9] = (byte) depth;
    System.arraycopy(keyHash, 0, out, 10, pathLen);
    if ((depth & 1) == 1) {
      out[out.length - 1] &= (byte) 0xF0;
    }
    return out;
  }

  static byte[] leafKey(byte[] keyHash, long version) {
    byte[] out = new byte[1 + 32 + 8];
    out[0] = LEAF;
    System.arraycopy(keyHash, 0, out, 1, 32);
    putLong(out, 33, version);
    return out;
  }

  byte[] rootKey(long version) {
    return versioned(ROOT, version);
  }

  byte[] staleKey(long version) {
    return versioned(STALE, version);
  }

  byte[] valueKey(byte[] key) {
    byte[] out = Arrays.copyOf(prefix, prefix.length + 1 + key.length);
    out[prefix.length] = VALUE;
    System.arraycopy(key, 0, out, prefix.length + 1, key.length);
    return out;
  }

  byte[] valuePrefix() {
    return valueKey(new byte[0]);
  }

  byte[] latestKey() {
    return full(new byte[] {META, 'L'});
  }

  byte[] earliestKey() {
    return full(new byte[] {META, 'E'});
  }

  private byte[] versioned(byte tag, long version) {
    byte[] rel = new byte[9];
    rel[0] = tag;
    putLong(rel, 1, version);
    return full(rel);
  }

  static byte[] encodeLong(long v) {
    return ByteBuffer.allocate(8).putLong(v).array();
  }

  static long decodeLong(byte[] b) {
    if (b.length != 8) {
      throw new IllegalStateException("corrupt state tree metadata: " + b.length + " bytes");
    }
    return ByteBuffer.wrap(b).getLong();
  }

  static byte[] encodeLeaf(byte[] key, byte[] value) {
    return ByteBuffer.allocate(4 + key.length + value.length)
        .putInt(key.length)
        .put(key)
        .put(value)
        .array();
  }

  static byte[] leafKeyOf(byte[] leaf) {
    int keyLen = ByteBuffer.wrap(leaf).getInt();
    if (keyLen < 0 || 4 + keyLen > leaf.length) {
      throw new IllegalStateException("corrupt state tree leaf: key length " + keyLen);
    }
    return Arrays.copyOfRange(leaf, 4, 4 + keyLen);
  }

  static byte[] leafValue(byte[] leaf) {
    int keyLen = ByteBuffer.wrap(leaf).getInt();
    if (keyLen < 0 || 4 + keyLen > leaf.length) {
      throw new IllegalStateException("corrupt state tree leaf: key length " + keyLen);
    }
    return Arrays.copyOfRange(leaf, 4 + keyLen, leaf.length);
  }

  private static void putLong(byte[] out, int off, long v) {
    for (int i = 7; i >= 0; i--) {
      out[off + i] = (byte) v;
      v >>>= 8;
    }
  }
}
