package io.lattice.storage.snapshot;

import io.lattice.storage.state.TreeHashes;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One chunk of a snapshot: the keys and values of one subtree, ascending by key hash.
 *
 * <p>Encoding (big-endian): {@code count:u32 ‖ count × (keyLen:u32 ‖ key ‖ valueLen:u32 ‖ value)},
 * keys non-empty; nothing else is accepted.
 */
public record SnapshotChunk(List<Entry> entries) {
  /** One key of the state and its value. */
  public record Entry(byte[] key, byte[] value) {
    public Entry {
      if (key.length == 0) {
        throw new IllegalArgumentException("state key must not be empty");
      }
    }
  }

  public SnapshotChunk {
    entries = List.copyOf(entries);
  }

  public byte[] encode() {
    int size = 4;
    for (Entry e : entries) {
      size += 8 + e.key().length + e.value().length;
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    out.putInt(entries.size());
    for (Entry e : entries) {
      out.putInt(e.key().length).put(e.key()).putInt(e.value().length).put(e.value());
    }
    return out.array();
  }

  public static SnapshotChunk decode(byte[] bytes) throws InvalidSnapshotException {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      int count = in.getInt();
      // every entry takes at least 9 bytes (two lengths and a one-byte key)
      if (count < 0 || count > (bytes.length - 4) / 9) {
        throw new InvalidSnapshotException(
            "chunk claims " + count + " entries in " + bytes.length + " bytes");
      }
      List<Entry> entries = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        byte[] key = field(in, "key", i);
        if (key.length == 0) {
          throw new InvalidSnapshotException("chunk entry " + i + " has an empty key");
        }
        entries.add(new Entry(key, field(in, "value", i)));
      }
      if (in.hasRemaining()) {
        throw new InvalidSnapshotException(
            in.remaining() + " bytes after the last of " + count + " chunk entries");
      }
      return new SnapshotChunk(entries);
    } catch (BufferUnderflowException e) {
      throw new InvalidSnapshotException("chunk truncated at " + bytes.length + " bytes");
    }
  }

  private static byte[] field(ByteBuffer in, String what, int i) throws InvalidSnapshotException {
    int len = in.getInt();
    if (len < 0 || len > in.remaining()) {
      throw new InvalidSnapshotException(
          "chunk entry " + i + ": " + what + " length " + len + " exceeds the chunk");
    }
    byte[] out = new byte[len];
    in.get(out);
    return out;
  }

  /**
   * Checks that this is chunk {@code index} of {@code manifest}: every key hash starts with the
   * chunk's bits, key hashes strictly ascend, and the entries hash to the manifest's subtree root.
   */
  public void verify(SnapshotManifest manifest, int index) throws InvalidSnapshotException {
    if (index < 0 || index >= manifest.chunkCount()) {
      throw new InvalidSnapshotException(
          "chunk " + index + " out of range 0.." + (manifest.chunkCount() - 1));
    }
    int depth = manifest.depth();
    List<byte[]> keyHashes = new ArrayList<>(entries.size());
    byte[] previous = null;
    for (int i = 0; i < entries.size(); i++) {
      byte[] kh = TreeHashes.keyHash(entries.get(i).key());
      if (prefix(kh, depth) != index) {
        throw new InvalidSnapshotException(
            "chunk " + index + " entry " + i + " belongs to chunk " + prefix(kh, depth));
      }
      if (previous != null && Arrays.compareUnsigned(previous, kh) >= 0) {
        throw new InvalidSnapshotException(
            "chunk " + index + " entry " + i + " is out of key-hash order or repeated");
      }
      previous = kh;
      keyHashes.add(kh);
    }
    SubtreeRoot expected = manifest.roots().get(index);
    SubtreeRoot actual = root(keyHashes, this, depth);
    if (!expected.equals(actual)) {
      throw new InvalidSnapshotException(
          "chunk " + index + " hashes to " + actual + ", the manifest says " + expected);
    }
  }

  /** The first {@code depth} bits of a key hash, as a chunk index. */
  static int prefix(byte[] keyHash, int depth) {
    int v = 0;
    for (int b = 0; b < depth; b++) {
      v = (v << 1) | TreeHashes.bit(keyHash, b);
    }
    return v;
  }

  /**
   * The subtree root of {@code chunk}'s entries, whose key hashes ({@code keyHashes}, in entry
   * order) ascend and share their first {@code depth} bits.
   */
  static SubtreeRoot root(List<byte[]> keyHashes, SnapshotChunk chunk, int depth) {
    List<byte[]> leaves = new ArrayList<>(keyHashes.size());
    for (int i = 0; i < keyHashes.size(); i++) {
      leaves.add(TreeHashes.leaf(keyHashes.get(i), chunk.entries.get(i).value()));
    }
    return new SubtreeRoot(subtree(keyHashes, leaves, 0, leaves.size(), depth), leaves.size());
  }

  /** Hash of the subtree at bit {@code bit} holding leaves {@code [from, to)} (sorted). */
  private static byte[] subtree(
      List<byte[]> keyHashes, List<byte[]> leaves, int from, int to, int bit) {
    if (from == to) {
      return TreeHashes.empty();
    }
    if (to - from == 1) {
      return leaves.get(from);
    }
    int split = from;
    while (split < to && TreeHashes.bit(keyHashes.get(split), bit) == 0) {
      split++;
    }
    return TreeHashes.internal(
        subtree(keyHashes, leaves, from, split, bit + 1),
        subtree(keyHashes, leaves, split, to, bit + 1));
  }
}
