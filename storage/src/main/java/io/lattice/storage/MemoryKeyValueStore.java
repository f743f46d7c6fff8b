package io.lattice.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * In-memory {@link KeyValueStore}: a {@link TreeMap} ordered by unsigned byte comparison, guarded
 * by a read/write lock. {@link #scan} copies the requested range under the read lock, so an
 * iterator is a true snapshot (cost proportional to the range). {@code sync} has no effect.
 */
public final class MemoryKeyValueStore implements KeyValueStore {
  private final TreeMap<byte[], byte[]> map = new TreeMap<>(Arrays::compareUnsigned);
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private volatile boolean closed;

  @Override
  public Optional<byte[]> get(byte[] key) {
    ensureOpen();
    lock.readLock().lock();
    try {
      byte[] v = map.get(key);
      return v == null ? Optional.empty() : Optional.of(v.clone());
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public WriteBatch newBatch() {
    ensureOpen();
    return new Batch(this);
  }

  @Override
  public void write(WriteBatch batch, boolean sync) {
    ensureOpen();
    if (!(batch instanceof Batch b) || b.owner != this) {
      throw new IllegalArgumentException("batch was not created by this store");
    }
    b.ensureOpen();
    lock.writeLock().lock();
    try {
      for (Op op : b.ops) {
        if (op.value == null) {
          map.remove(op.key);
        } else {
          map.put(op.key, op.value);
        }
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public KeyValueIterator scan(byte[] from, byte[] to) {
    ensureOpen();
    List<KeyValueIterator.Entry> copy = new ArrayList<>();
    lock.readLock().lock();
    try {
      NavigableMap<byte[], byte[]> range =
          to == null ? map.tailMap(from, true) : rangeOrEmpty(from, to);
      for (Map.Entry<byte[], byte[]> e : range.entrySet()) {
        copy.add(new KeyValueIterator.Entry(e.getKey(), e.getValue()));
      }
    } finally {
      lock.readLock().unlock();
    }
    Iterator<KeyValueIterator.Entry> it = copy.iterator();
    return new KeyValueIterator() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public Entry next() {
        if (!it.hasNext()) {
          throw new NoSuchElementException();
        }
        Entry e = it.next();
        return new Entry(e.key().clone(), e.value().clone());
      }

      @Override
      public void close() {}
    };
  }

  private NavigableMap<byte[], byte[]> rangeOrEmpty(byte[] from, byte[] to) {
    if (Arrays.compareUnsigned(from, to) >= 0) {
      return new TreeMap<>(Arrays::compareUnsigned);
    }
    return map.subMap(from, true, to, false);
  }

  /** Number of entries currently stored. */
  public int size() {
    lock.readLock().lock();
    try {
      return map.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void close() {
    closed = true;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("store closed");
    }
  }

  private record Op(byte[] key, byte[] value) {}

  private static final class Batch implements WriteBatch {
    private final MemoryKeyValueStore owner;
    private final List<Op> ops = new ArrayList<>();
    private boolean closed;

    Batch(MemoryKeyValueStore owner) {
      this.owner = owner;
    }

    @Override
    public void put(byte[] key, byte[] value) {
      ensureOpen();
      ops.add(new Op(key.clone(), value.clone()));
    }

    @Override
    public void delete(byte[] key) {
      ensureOpen();
      ops.add(new Op(key.clone(), null));
    }

    @Override
    public int size() {
      return ops.size();
    }

    @Override
    public void close() {
      closed = true;
      ops.clear();
    }

    void ensureOpen() {
      if (closed) {
        throw new IllegalStateException("write batch closed");
      }
    }
  }
}
