package io.lattice.consensus;

import io.lattice.storage.KeyValueIterator;
import io.lattice.storage.KeyValueStore;
import io.lattice.storage.MemoryKeyValueStore;
import io.lattice.storage.WriteBatch;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real in-memory store that counts the batches written to it, synced (each one an fsync on
 * RocksDB) and not. Engine tests use it to check the "one synced write per block" rule.
 */
public final class SyncCountingStore implements KeyValueStore {
  private final MemoryKeyValueStore inner = new MemoryKeyValueStore();
  private final AtomicInteger synced = new AtomicInteger();
  private final AtomicInteger unsynced = new AtomicInteger();

  public int syncedWrites() {
    return synced.get();
  }

  public int unsyncedWrites() {
    return unsynced.get();
  }

  @Override
  public Optional<byte[]> get(byte[] key) {
    return inner.get(key);
  }

  @Override
  public WriteBatch newBatch() {
    return inner.newBatch();
  }

  @Override
  public void write(WriteBatch batch, boolean sync) {
    (sync ? synced : unsynced).incrementAndGet();
    inner.write(batch, sync);
  }

  @Override
  public KeyValueIterator scan(byte[] from, byte[] to) {
    return inner.scan(from, to);
  }

  @Override
  public void close() {
    inner.close();
  }
}
