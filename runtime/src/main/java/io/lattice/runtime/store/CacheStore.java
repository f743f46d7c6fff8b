package io.lattice.runtime.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A write buffer over a parent store: reads see the buffer first, then the parent; nothing reaches
 * the parent until {@link #write()}. Dropping the cache discards its writes, which is how a failing
 * transaction or message is rolled back. Writes are flushed in ascending key order, so the order in
 * which a transaction wrote its keys never matters.
 */
public final class CacheStore implements KVStore {
  /** Marks a deleted key in the buffer (compared by identity). */
  private static final byte[] DELETED = new byte[0];

  private final KVStore parent;

  /** Buffered writes; hashed for fast point reads, sorted only when flushed or scanned. */
  private final HashMap<Key, byte[]> writes = new HashMap<>();

  /** A byte-array key with content equality. */
  private static final class Key {
    final byte[] bytes;
    final int hash;

    Key(byte[] bytes) {
      this.bytes = bytes;
      this.hash = Arrays.hashCode(bytes);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && hash == k.hash && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  public CacheStore(KVStore parent) {
    this.parent = parent;
  }

  @Override
  public Optional<byte[]> get(byte[] key) {
    byte[] v = writes.get(new Key(key));
    if (v == null) {
      return parent.get(key);
    }
    return v == DELETED ? Optional.empty() : Optional.of(v.clone());
  }

  @Override
  public void set(byte[] key, byte[] value) {
    writes.put(new Key(key.clone()), value.clone());
  }

  @Override
  public void delete(byte[] key) {
    writes.put(new Key(key.clone()), DELETED);
  }

  @Override
  public List<Entry> scanPrefix(byte[] prefix) {
    List<Entry> base = parent.scanPrefix(prefix);
    TreeMap<byte[], byte[]> mine = new TreeMap<>(Arrays::compareUnsigned);
    for (Map.Entry<Key, byte[]> e : writes.entrySet()) {
      byte[] k = e.getKey().bytes;
      if (k.length >= prefix.length
          && Arrays.equals(k, 0, prefix.length, prefix, 0, prefix.length)) {
        mine.put(k, e.getValue());
      }
    }
    if (mine.isEmpty()) {
      return base;
    }
    List<Entry> out = new ArrayList<>(base.size() + mine.size());
    Iterator<Entry> a = base.iterator();
    Iterator<Map.Entry<byte[], byte[]>> b = mine.entrySet().iterator();
    Entry x = a.hasNext() ? a.next() : null;
    Map.Entry<byte[], byte[]> y = b.hasNext() ? b.next() : null;
    while (x != null || y != null) {
      int c = x == null ? 1 : y == null ? -1 : Arrays.compareUnsigned(x.key(), y.getKey());
      if (c < 0) {
        out.add(x);
        x = a.hasNext() ? a.next() : null;
      } else {
        if (y.getValue() != DELETED) {
          out.add(new Entry(y.getKey().clone(), y.getValue().clone()));
        }
        if (c == 0) {
          x = a.hasNext() ? a.next() : null;
        }
        y = b.hasNext() ? b.next() : null;
      }
    }
    return out;
  }

  /** Applies the buffered writes to the parent in key order and empties the buffer. */
  public void write() {
    TreeMap<byte[], byte[]> sorted = new TreeMap<>(Arrays::compareUnsigned);
    for (Map.Entry<Key, byte[]> e : writes.entrySet()) {
      sorted.put(e.getKey().bytes, e.getValue());
    }
    for (Map.Entry<byte[], byte[]> e : sorted.entrySet()) {
      if (e.getValue() == DELETED) {
        parent.delete(e.getKey());
      } else {
        parent.set(e.getKey(), e.getValue());
      }
    }
    writes.clear();
  }

  /** Number of buffered writes (sets and deletes). */
  public int pendingWrites() {
    return writes.size();
  }
}
