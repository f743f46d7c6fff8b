package io.lattice.storage.snapshot;

import io.lattice.storage.WriteBatch;
import io.lattice.storage.state.StateTree;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HexFormat;

/**
 * Rebuilds an empty state tree from a snapshot whose manifest hashes to a trusted root: each chunk
 * is verified against its subtree root before anything of it enters the tree's working set, so a
 * bad chunk changes nothing and can be fetched again from another peer. {@link #commit} stages the
 * whole state as the snapshot's version. Not thread-safe.
 */
public final class SnapshotRestorer {
  private final StateTree tree;
  private final SnapshotManifest manifest;
  private final BitSet applied;
  private long leaves;

  /**
   * @throws InvalidSnapshotException when the manifest does not hash to {@code trustedRoot}
   * @throws IllegalStateException when the tree is not empty
   */
  public SnapshotRestorer(StateTree tree, SnapshotManifest manifest, byte[] trustedRoot)
      throws InvalidSnapshotException {
    if (tree.latestVersion() >= 0 || tree.pendingCount() > 0) {
      throw new IllegalStateException(
          "a snapshot is restored into an empty state tree only (latest version "
              + tree.latestVersion()
              + ")");
    }
    byte[] root = manifest.rootHash();
    if (!Arrays.equals(root, trustedRoot)) {
      throw new InvalidSnapshotException(
          "manifest of height "
              + manifest.height()
              + " hashes to "
              + HexFormat.of().formatHex(root)
              + ", the trusted app hash is "
              + HexFormat.of().formatHex(trustedRoot));
    }
    this.tree = tree;
    this.manifest = manifest;
    this.applied = new BitSet(manifest.chunkCount());
  }

  public SnapshotManifest manifest() {
    return manifest;
  }

  /**
   * Verifies chunk {@code index} and adds its entries; a chunk already applied is ignored.
   *
   * @return whether the chunk was new
   * @throws InvalidSnapshotException when the bytes do not decode or do not verify
   */
  public boolean apply(int index, byte[] chunkBytes) throws InvalidSnapshotException {
    if (index >= 0 && index < manifest.chunkCount() && applied.get(index)) {
      return false;
    }
    SnapshotChunk chunk = SnapshotChunk.decode(chunkBytes);
    chunk.verify(manifest, index);
    for (SnapshotChunk.Entry e : chunk.entries()) {
      tree.set(e.key(), e.value());
    }
    applied.set(index);
    leaves += chunk.entries().size();
    return true;
  }

  public boolean isApplied(int index) {
    return applied.get(index);
  }

  public int appliedChunks() {
    return applied.cardinality();
  }

  public long appliedLeaves() {
    return leaves;
  }

  public boolean complete() {
    return applied.cardinality() == manifest.chunkCount();
  }

  /**
   * Stages the restored state as version {@code manifest.height()} into {@code batch} and returns
   * the root hash (the trusted one).
   *
   * @throws IllegalStateException when chunks are missing, or the tree's root differs from the
   *     manifest's (which the chunk checks make impossible)
   */
  public byte[] commit(WriteBatch batch) {
    if (!complete()) {
      throw new IllegalStateException(
          (manifest.chunkCount() - appliedChunks()) + " snapshot chunks are still missing");
    }
    byte[] root = tree.commit(manifest.height(), batch);
    if (!Arrays.equals(root, manifest.rootHash())) {
      throw new IllegalStateException("the restored state tree's root differs from the manifest's");
    }
    return root;
  }
}
