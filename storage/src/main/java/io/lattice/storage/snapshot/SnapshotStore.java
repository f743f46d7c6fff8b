package io.lattice.storage.snapshot;

import io.lattice.common.FileTrees;
import io.lattice.storage.state.StateTree;
import io.lattice.storage.state.TreeHashes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Snapshots of the state tree on disk, one directory per height: {@code <dir>/<height>/manifest}
 * and {@code chunk-<index>} files. A snapshot is written into {@code <dir>/.tmp-<height>}, synced,
 * then renamed into place, so a crash never leaves a partial snapshot where readers look (leftover
 * temporary directories are removed on open). Thread-safe: writers and readers of different
 * snapshots do not interfere, and a snapshot never changes once in place.
 */
public final class SnapshotStore {
  /** Leaves a chunk holds on average, unless the depth limit forces more. */
  public static final int DEFAULT_CHUNK_LEAVES = 2048;

  private static final String MANIFEST = "manifest";
  private static final String TMP = ".tmp-";

  private final Path dir;

  private SnapshotStore(Path dir) {
    this.dir = dir;
  }

  /** Opens (creating) the snapshot directory and removes unfinished snapshots. */
  public static SnapshotStore open(Path dir) {
    try {
      Files.createDirectories(dir);
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, TMP + "*")) {
        for (Path p : entries) {
          FileTrees.delete(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the snapshot directory " + dir, e);
    }
    return new SnapshotStore(dir);
  }

  /** Heights of the complete snapshots, ascending. */
  public List<Long> heights() {
    List<Long> out = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        String name = p.getFileName().toString();
        if (name.chars().allMatch(Character::isDigit) && Files.isRegularFile(p.resolve(MANIFEST))) {
          out.add(Long.parseLong(name));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list snapshots in " + dir, e);
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }

  public Optional<byte[]> manifestBytes(long height) {
    return read(dir.resolve(Long.toString(height)).resolve(MANIFEST));
  }

  /**
   * @throws IllegalStateException when a stored manifest does not decode (a corrupt file)
   */
  public Optional<SnapshotManifest> manifest(long height) {
    Optional<byte[]> bytes = manifestBytes(height);
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(SnapshotManifest.decode(bytes.get()));
    } catch (InvalidSnapshotException e) {
      throw new IllegalStateException("snapshot " + height + " is corrupt: " + e.getMessage(), e);
    }
  }

  /** The encoded chunk {@code index} of the snapshot at {@code height}, if stored. */
  public Optional<byte[]> chunk(long height, int index) {
    if (index < 0) {
      return Optional.empty();
    }
    return read(dir.resolve(Long.toString(height)).resolve(chunkName(index)));
  }

  /**
   * Writes the snapshot of {@code tree} at committed {@code version}, with chunks of about {@code
   * chunkLeaves} leaves. Returns its manifest; an existing snapshot of that height is kept as is.
   *
   * @throws IllegalStateException when the version is pruned while it is read
   */
  public SnapshotManifest write(StateTree tree, long version, int chunkLeaves) {
    Optional<SnapshotManifest> existing = manifest(version);
    if (existing.isPresent()) {
      return existing.get();
    }
    int depth = depthFor(tree.leafCount(version), chunkLeaves);
    Path tmp = dir.resolve(TMP + version);
    try {
      FileTrees.delete(tmp);
      Files.createDirectories(tmp);
      ChunkWriter writer = new ChunkWriter(tmp, depth);
      tree.forEachLeaf(version, writer::add);
      List<SubtreeRoot> roots = writer.finish();
      SnapshotManifest manifest = new SnapshotManifest(version, depth, roots);
      byte[] expected = tree.rootHash(version);
      if (!java.util.Arrays.equals(manifest.rootHash(), expected)) {
        throw new IllegalStateException(
            "snapshot of version " + version + " does not hash to the tree's root");
      }
      writeSynced(tmp.resolve(MANIFEST), manifest.encode());
      Path target = dir.resolve(Long.toString(version));
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target);
      }
      syncDirectory(dir);
      return manifest;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write snapshot " + version + " in " + dir, e);
    } finally {
      try {
        FileTrees.delete(tmp);
      } catch (IOException e) {
        // a leftover temporary directory is removed on the next open
      }
    }
  }

  /** Deletes all but the newest {@code keep} snapshots. */
  public void retainLatest(int keep) {
    List<Long> all = heights();
    for (int i = 0; i < all.size() - keep; i++) {
      try {
        FileTrees.delete(dir.resolve(Long.toString(all.get(i))));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete snapshot " + all.get(i), e);
      }
    }
  }

  /** Smallest depth whose chunks hold about {@code chunkLeaves} leaves, at most the maximum. */
  static int depthFor(long leaves, int chunkLeaves) {
    int depth = 0;
    while (depth < SnapshotManifest.MAX_DEPTH && (leaves >> depth) > chunkLeaves) {
      depth++;
    }
    return depth;
  }

  private static String chunkName(int index) {
    return String.format("chunk-%05d", index);
  }

  /** Buffers the leaves of the current chunk and writes each chunk as the walk leaves it. */
  private static final class ChunkWriter {
    private final Path dir;
    private final int depth;
    private final List<SubtreeRoot> roots = new ArrayList<>();
    private final List<SnapshotChunk.Entry> entries = new ArrayList<>();

    ChunkWriter(Path dir, int depth) {
      this.dir = dir;
      this.depth = depth;
    }

    void add(byte[] keyHash, byte[] key, byte[] value) {
      int index = SnapshotChunk.prefix(keyHash, depth);
      while (roots.size() < index) {
        flush();
      }
      entries.add(new SnapshotChunk.Entry(key, value));
    }

    List<SubtreeRoot> finish() {
      while (roots.size() < 1 << depth) {
        flush();
      }
      return roots;
    }

    private void flush() {
      int index = roots.size();
      SnapshotChunk chunk = new SnapshotChunk(entries);
      roots.add(rootOf(chunk, depth));
      entries.clear();
      try {
        writeSynced(dir.resolve(chunkName(index)), chunk.encode());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write snapshot chunk " + index, e);
      }
    }
  }

  /** The subtree root of a chunk's entries (the walk's order is key-hash order). */
  private static SubtreeRoot rootOf(SnapshotChunk chunk, int depth) {
    List<byte[]> hashes = new ArrayList<>();
    for (SnapshotChunk.Entry e : chunk.entries()) {
      hashes.add(TreeHashes.keyHash(e.key()));
    }
    return SnapshotChunk.root(hashes, chunk, depth);
  }

  private static Optional<byte[]> read(Path file) {
    try {
      return Optional.of(Files.readAllBytes(file));
    } catch (java.nio.file.NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static void writeSynced(Path file, byte[] bytes) throws IOException {
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
  }

  private static void syncDirectory(Path d) throws IOException {
    try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // some file systems cannot sync a directory; the rename is still atomic
    }
  }
}
