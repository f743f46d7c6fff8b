package io.lattice.storage.snapshot;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * What a snapshot of the state tree at {@code height} holds: the tree cut at bit depth {@code
 * depth} into {@code 2^depth} subtrees, chunk {@code i} being the leaves whose key hash starts with
 * the {@code depth} bits of {@code i}. The subtree roots combine into the tree's root hash, so a
 * manifest is checked against a trusted app hash before any chunk is fetched, and each chunk
 * against its subtree root as it arrives.
 *
 * <p>Encoding (big-endian): {@code "LSNP" ‖ format:u32 (1) ‖ height:u64 ‖ depth:u8 ‖ 2^depth ×
 * (leaves:u64 ‖ hash:32)}; nothing else is accepted.
 */
public record SnapshotManifest(long height, int depth, List<SubtreeRoot> roots) {
  public static final int FORMAT = 1;
  public static final int MAX_DEPTH = 16;
  private static final int MAGIC = 0x4C534E50; // "LSNP"
  private static final int HEADER = 4 + 4 + 8 + 1;
  private static final int ENTRY = 8 + 32;

  public SnapshotManifest {
    if (height < 0) {
      throw new IllegalArgumentException("snapshot height must not be negative, got " + height);
    }
    if (depth < 0 || depth > MAX_DEPTH) {
      throw new IllegalArgumentException("depth must be 0.." + MAX_DEPTH + ", got " + depth);
    }
    roots = List.copyOf(roots);
    if (roots.size() != 1 << depth) {
      throw new IllegalArgumentException(
          "depth " + depth + " needs " + (1 << depth) + " subtree roots, got " + roots.size());
    }
  }

  public int chunkCount() {
    return roots.size();
  }

  public long totalLeaves() {
    return roots.stream().mapToLong(SubtreeRoot::leaves).sum();
  }

  /** The state tree's root hash these subtrees make. */
  public byte[] rootHash() {
    List<SubtreeRoot> level = roots;
    while (level.size() > 1) {
      List<SubtreeRoot> up = new ArrayList<>(level.size() / 2);
      for (int i = 0; i < level.size(); i += 2) {
        up.add(SubtreeRoot.combine(level.get(i), level.get(i + 1)));
      }
      level = up;
    }
    return level.get(0).hash();
  }

  public byte[] encode() {
    ByteBuffer out = ByteBuffer.allocate(HEADER + ENTRY * roots.size());
    out.putInt(MAGIC).putInt(FORMAT).putLong(height).put((byte) depth);
    for (SubtreeRoot r : roots) {
      out.putLong(r.leaves()).put(r.hash());
    }
    return out.array();
  }

  /** Decodes a manifest, refusing anything that is not exactly the encoding above. */
  public static SnapshotManifest decode(byte[] bytes) throws InvalidSnapshotException {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      if (in.getInt() != MAGIC) {
        throw new InvalidSnapshotException("not a snapshot manifest (bad magic)");
      }
      int format = in.getInt();
      if (format != FORMAT) {
        throw new InvalidSnapshotException(
            "snapshot format " + format + " is not supported (expected " + FORMAT + ")");
      }
      long height = in.getLong();
      int depth = in.get() & 0xFF;
      if (height < 0 || depth > MAX_DEPTH) {
        throw new InvalidSnapshotException(
            "manifest height " + height + " or depth " + depth + " out of range");
      }
      int count = 1 << depth;
      if (bytes.length != HEADER + ENTRY * count) {
        throw new InvalidSnapshotException(
            "manifest of depth "
                + depth
                + " must be "
                + (HEADER + ENTRY * count)
                + " bytes, got "
                + bytes.length);
      }
      List<SubtreeRoot> roots = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        long leaves = in.getLong();
        byte[] hash = new byte[32];
        in.get(hash);
        if (leaves < 0 || (leaves == 0) != SubtreeRoot.EMPTY.equals(new SubtreeRoot(hash, 0))) {
          throw new InvalidSnapshotException(
              "subtree " + i + ": " + leaves + " leaves do not match its hash");
        }
        roots.add(new SubtreeRoot(hash, leaves));
      }
      return new SnapshotManifest(height, depth, roots);
    } catch (BufferUnderflowException e) {
      throw new InvalidSnapshotException("manifest truncated at " + bytes.length + " bytes");
    }
  }
}
