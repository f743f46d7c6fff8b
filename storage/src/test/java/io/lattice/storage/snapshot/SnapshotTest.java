package io.lattice.storage.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lattice.storage.KeyValueStore;
import io.lattice.storage.MemoryKeyValueStore;
import io.lattice.storage.WriteBatch;
import io.lattice.storage.state.StateTree;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SnapshotTest {
  private static final byte[] PREFIX = {'S'};

  @TempDir Path dir;

  /** A tree with {@code keys} keys at version 1 and a quarter of them changed at version 2. */
  private static StateTree tree(KeyValueStore store, int keys, long seed) {
    StateTree tree = StateTree.open(store, PREFIX);
    Random rnd = new Random(seed);
    for (int i = 0; i < keys; i++) {
      tree.set(key(i), value(rnd));
    }
    commit(store, tree, 1);
    for (int i = 0; i < keys; i += 4) {
      if (i % 8 == 0) {
        tree.delete(key(i));
      } else {
        tree.set(key(i), value(rnd));
      }
    }
    commit(store, tree, 2);
    return tree;
  }

  private static byte[] key(int i) {
    return ("account/" + i).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] value(Random rnd) {
    byte[] v = new byte[rnd.nextInt(40)];
    rnd.nextBytes(v);
    return v;
  }

  private static byte[] commit(KeyValueStore store, StateTree tree, long version) {
    try (WriteBatch batch = store.newBatch()) {
      byte[] root = tree.commit(version, batch);
      store.write(batch, true);
      return root;
    }
  }

  @ParameterizedTest(name = "{0} keys, chunks of {1}")
  @CsvSource({"0, 4", "1, 4", "2, 1", "3, 1", "50, 4", "2000, 64", "5000, 2048"})
  void aRestoredTreeHasTheSnapshotVersionsRootAndValues(int keys, int chunkLeaves)
      throws Exception {
    KeyValueStore source = new MemoryKeyValueStore();
    StateTree tree = tree(source, keys, keys);
    SnapshotStore snapshots = SnapshotStore.open(dir);
    // the snapshot is of version 1 although version 2 is the latest
    SnapshotManifest manifest = snapshots.write(tree, 1, chunkLeaves);
    assertThat(manifest.rootHash()).isEqualTo(tree.rootHash(1));
    assertThat(manifest.totalLeaves()).isEqualTo(keys).isEqualTo(tree.leafCount(1));
    assertThat(snapshots.heights()).containsExactly(1L);

    KeyValueStore target = new MemoryKeyValueStore();
    StateTree restored = StateTree.open(target, PREFIX);
    SnapshotRestorer restorer =
        new SnapshotRestorer(
            restored,
            SnapshotManifest.decode(snapshots.manifestBytes(1).orElseThrow()),
            tree.rootHash(1));
    for (int i = manifest.chunkCount() - 1; i >= 0; i--) {
      assertThat(restorer.apply(i, snapshots.chunk(1, i).orElseThrow())).isTrue();
    }
    assertThat(restorer.apply(0, snapshots.chunk(1, 0).orElseThrow())).isFalse();
    try (WriteBatch batch = target.newBatch()) {
      assertThat(restorer.commit(batch)).isEqualTo(tree.rootHash(1));
      target.write(batch, true);
    }
    StateTree reopened = StateTree.open(target, PREFIX);
    assertThat(reopened.latestVersion()).isEqualTo(1);
    assertThat(reopened.rootHash(1)).isEqualTo(tree.rootHash(1));
    for (int i = 0; i < keys; i++) {
      assertThat(reopened.get(key(i)).orElse(null)).isEqualTo(tree.get(key(i), 1).orElse(null));
    }
  }

  @Test
  void manyEmptyChunksStillCombineToTheRoot() throws Exception {
    StateTree tree = tree(new MemoryKeyValueStore(), 5, 7);
    // a tiny chunk size on a tiny tree would want depth 3; most chunks are empty
    SnapshotManifest m = SnapshotStore.open(dir).write(tree, 2, 0);
    assertThat(m.depth()).isEqualTo(SnapshotStore.depthFor(tree.leafCount(2), 0));
    assertThat(m.rootHash()).isEqualTo(tree.rootHash(2));
    assertThat(m.roots()).contains(SubtreeRoot.EMPTY);
  }

  private record Fixture(SnapshotStore store, SnapshotManifest manifest, byte[] root) {}

  private Fixture fixture() {
    StateTree tree = tree(new MemoryKeyValueStore(), 300, 3);
    SnapshotStore store = SnapshotStore.open(dir);
    return new Fixture(store, store.write(tree, 2, 64), tree.rootHash(2));
  }

  private static SnapshotRestorer restorer(Fixture f) throws InvalidSnapshotException {
    return new SnapshotRestorer(
        StateTree.open(new MemoryKeyValueStore(), PREFIX), f.manifest(), f.root());
  }

  @Test
  void aManifestThatDoesNotHashToTheTrustedRootIsRefused() {
    Fixture f = fixture();
    byte[] other = f.root().clone();
    other[0] ^= 1;
    assertThatThrownBy(() ->
            new SnapshotRestorer(
                StateTree.open(new MemoryKeyValueStore(), PREFIX), f.manifest(), other))
        .isInstanceOf(InvalidSnapshotException.class)
        .hasMessageContaining("the trusted app hash is");
  }

  @Test
  void tamperedChunksAreRefusedAndChangeNothing() throws Exception {
    Fixture f = fixture();
    SnapshotRestorer r = restorer(f);
    SnapshotChunk good = SnapshotChunk.decode(f.store().chunk(2, 1).orElseThrow());
    List<SnapshotChunk.Entry> entries = new ArrayList<>(good.entries());

    List<SnapshotChunk.Entry> changed = new ArrayList<>(entries);
    SnapshotChunk.Entry first = changed.get(0);
    changed.set(0, new SnapshotChunk.Entry(first.key(), "forged".getBytes(StandardCharsets.UTF_8)));
    assertRefused(r, 1, new SnapshotChunk(changed).encode(), "the manifest says");

    assertRefused(
        r, 1, new SnapshotChunk(entries.subList(1, entries.size())).encode(), "manifest says");
    assertRefused(r, 1, new SnapshotChunk(entries.reversed()).encode(), "out of key-hash order");
    assertRefused(r, 0, good.encode(), "belongs to chunk 1");
    assertRefused(r, f.manifest().chunkCount(), good.encode(), "out of range");
    byte[] bytes = good.encode();
    assertRefused(r, 1, java.util.Arrays.copyOf(bytes, bytes.length - 1), "exceeds the chunk");
    assertRefused(r, 1, java.util.Arrays.copyOf(bytes, bytes.length + 1), "after the last");

    assertThat(r.appliedChunks()).isZero();
    assertThat(r.appliedLeaves()).isZero();
    assertThat(r.apply(1, good.encode())).isTrue();
    assertThatThrownBy(() -> r.commit(new MemoryKeyValueStore().newBatch()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("chunks are still missing");
  }

  private static void assertRefused(SnapshotRestorer r, int index, byte[] bytes, String why) {
    assertThatThrownBy(() -> r.apply(index, bytes))
        .isInstanceOf(InvalidSnapshotException.class)
        .hasMessageContaining(why);
  }

  @Test
  void randomBytesNeverDecodeIntoAnythingButAnError() {
    Random rnd = new Random(11);
    for (int i = 0; i < 5_000; i++) {
      byte[] b = new byte[rnd.nextInt(120)];
      rnd.nextBytes(b);
      if (i % 2 == 0 && b.length >= 4) {
        b[0] = 'L';
        b[1] = 'S';
        b[2] = 'N';
        b[3] = 'P';
      }
      try {
        SnapshotManifest.decode(b);
      } catch (InvalidSnapshotException expected) {
        // the only failure allowed
      }
      try {
        SnapshotChunk.decode(b);
      } catch (InvalidSnapshotException expected) {
        // the only failure allowed
      }
    }
  }

  @Test
  void manifestEncodingRoundTripsAndRejectsTruncationAndOtherFormats() throws Exception {
    Fixture f = fixture();
    byte[] bytes = f.manifest().encode();
    assertThat(SnapshotManifest.decode(bytes)).isEqualTo(f.manifest());
    assertThatThrownBy(() -> SnapshotManifest.decode(java.util.Arrays.copyOf(bytes, 30)))
        .isInstanceOf(InvalidSnapshotException.class);
    byte[] format2 = bytes.clone();
    format2[7] = 2;
    assertThatThrownBy(() -> SnapshotManifest.decode(format2))
        .hasMessageContaining("format 2 is not supported");
  }

  @Test
  void unfinishedSnapshotsAreRemovedOnOpenAndOldOnesPruned() throws Exception {
    StateTree tree = tree(new MemoryKeyValueStore(), 20, 5);
    SnapshotStore store = SnapshotStore.open(dir);
    store.write(tree, 1, 8);
    store.write(tree, 2, 8);
    Files.createDirectories(dir.resolve(".tmp-3"));
    Files.write(dir.resolve(".tmp-3").resolve("chunk-00000"), new byte[] {1});
    SnapshotStore reopened = SnapshotStore.open(dir);
    assertThat(Files.exists(dir.resolve(".tmp-3"))).isFalse();
    assertThat(reopened.heights()).containsExactly(1L, 2L);
    reopened.retainLatest(1);
    assertThat(reopened.heights()).containsExactly(2L);
    assertThat(reopened.chunk(1, 0)).isEmpty();
  }

  @Test
  void aRestorerNeedsAnEmptyTree() {
    Fixture f = fixture();
    StateTree used = tree(new MemoryKeyValueStore(), 3, 1);
    assertThatThrownBy(() -> new SnapshotRestorer(used, f.manifest(), f.root()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("empty state tree");
  }
}
