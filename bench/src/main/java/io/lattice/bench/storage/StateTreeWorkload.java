package io.lattice.bench.storage;

import io.lattice.storage.KeyValueStore;
import io.lattice.storage.MemoryKeyValueStore;
import io.lattice.storage.RocksKeyValueStore;
import io.lattice.storage.WriteBatch;
import io.lattice.storage.state.StateTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * A state tree preloaded with {@code keys} accounts, then updated in batches of random writes (90 %
 * updates of existing keys, 10 % new keys), each batch committed as one version and written synced,
 * as the engine does per block. Shared by {@link StateTreeBench} and {@link StateTreeThroughput}.
 */
final class StateTreeWorkload implements AutoCloseable {
  private static final byte[] PREFIX = {'S'};

  private final KeyValueStore store;
  private final Path dir;
  private final StateTree tree;
  private final SplittableRandom rnd;
  private final int batchSize;
  private long keys;
  private long version;

  StateTreeWorkload(String storeKind, long keys, int batchSize, int cacheNodes, long seed) {
    this.batchSize = batchSize;
    this.rnd = new SplittableRandom(seed);
    if (storeKind.equals("rocksdb")) {
      try {
        dir = Files.createTempDirectory("state-tree-bench");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      store = RocksKeyValueStore.open(dir);
    } else if (storeKind.equals("memory")) {
      dir = null;
      store = new MemoryKeyValueStore();
    } else {
      throw new IllegalArgumentException("store must be memory or rocksdb, got " + storeKind);
    }
    tree = StateTree.open(store, PREFIX, cacheNodes);
    version = 0;
    long loaded = 0;
    while (loaded < keys) {
      long n = Math.min(100_000, keys - loaded);
      for (long i = 0; i < n; i++) {
        tree.set(key(loaded + i), value());
      }
      loaded += n;
      commit();
    }
    this.keys = keys;
    tree.prune(1);
  }

  private static byte[] key(long i) {
    return ByteBuffer.allocate(12).putInt(0x61636374).putLong(i).array();
  }

  private byte[] value() {
    byte[] v = new byte[40];
    for (int i = 0; i < v.length; i += 8) {
      long r = rnd.nextLong();
      for (int j = 0; j < 8; j++) {
        v[i + j] = (byte) (r >>> (8 * j));
      }
    }
    return v;
  }

  /** Applies one batch of {@code batchSize} updates and commits it; returns the new root. */
  byte[] updateBatch() {
    for (int i = 0; i < batchSize; i++) {
      long k = rnd.nextInt(10) == 0 ? keys++ : rnd.nextLong(keys);
      tree.set(key(k), value());
    }
    return commit();
  }

  private byte[] commit() {
    try (WriteBatch batch = store.newBatch()) {
      byte[] root = tree.commit(++version, batch);
      store.write(batch, true);
      return root;
    }
  }

  void prune() {
    tree.prune(2);
  }

  int batchSize() {
    return batchSize;
  }

  @Override
  public void close() {
    store.close();
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
