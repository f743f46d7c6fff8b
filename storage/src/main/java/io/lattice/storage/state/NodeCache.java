package io.lattice.storage.state;

import java.nio.ByteBuffer;

/**
 * Bounded cache of decoded internal nodes, keyed by (version, first 128 bits of the node hash):
 * nodes created in one version sit at distinct paths, so their hashes differ, and a node never
 * changes once written. Two open-addressing tables (linear probing, keys inline as longs, so a
 * lookup touches two arrays and no key objects) approximate LRU without per-hit bookkeeping: hits
 * in the old table move to the young one; when the young one is full it becomes the old one.
 * Thread-safe.
 */
final class NodeCache {
  private final int generationSize;
  private Table young;
  private Table old;

  NodeCache(int capacity) {
    this.generationSize = capacity / 2;
    this.young = new Table(generationSize);
    this.old = new Table(0);
  }

  synchronized InternalNode get(ChildRef ref) {
    long h0 = h0(ref);
    long h1 = h1(ref);
    InternalNode n = young.get(ref.version, h0, h1);
    if (n == null) {
      n = old.remove(ref.version, h0, h1);
      if (n != null) {
        insert(ref.version, h0, h1, n);
      }
    }
    return n;
  }

  synchronized void put(ChildRef ref, InternalNode node) {
    insert(ref.version, h0(ref), h1(ref), node);
  }

  /** Drops a node orphaned by the latest version, so live nodes keep the cache to themselves. */
  synchronized void remove(ChildRef ref) {
    long h0 = h0(ref);
    long h1 = h1(ref);
    if (young.remove(ref.version, h0, h1) == null) {
      old.remove(ref.version, h0, h1);
    }
  }

  synchronized int size() {
    return young.size + old.size;
  }

  private void insert(long version, long h0, long h1, InternalNode node) {
    if (generationSize == 0) {
      return;
    }
    if (young.size >= generationSize) {
      old = young;
      young = new Table(generationSize);
    }
    young.put(version, h0, h1, node);
  }

  private static long h0(ChildRef ref) {
    return ByteBuffer.wrap(ref.hash).getLong(0);
  }

  private static long h1(ChildRef ref) {
    return ByteBuffer.wrap(ref.hash).getLong(8);
  }

  /** Linear-probing table with backward-shift deletion; load factor ≤ 1/2. */
  static final class Table {
    private final long[] keys;
    private final InternalNode[] values;
    private final int mask;
    int size;

    Table(int maxEntries) {
      int slots = Integer.highestOneBit(Math.max(2, maxEntries) * 2 - 1) << 1;
      keys = new long[slots * 3];
      values = new InternalNode[slots];
      mask = slots - 1;
    }

    private int slot(long version, long h0) {
      long x = h0 ^ (version * 0x9E3779B97F4A7C15L);
      return (int) (x ^ (x >>> 32)) & mask;
    }

    private int find(long version, long h0, long h1) {
      int i = slot(version, h0);
      while (values[i] != null) {
        int k = i * 3;
        if (keys[k] == version && keys[k + 1] == h0 && keys[k + 2] == h1) {
          return i;
        }
        i = (i + 1) & mask;
      }
      return ~i;
    }

    InternalNode get(long version, long h0, long h1) {
      int i = find(version, h0, h1);
      return i >= 0 ? values[i] : null;
    }

    void put(long version, long h0, long h1, InternalNode node) {
      int i = find(version, h0, h1);
      if (i < 0) {
        i = ~i;
        int k = i * 3;
        keys[k] = version;
        keys[k + 1] = h0;
        keys[k + 2] = h1;
        size++;
      }
      values[i] = node;
    }

    InternalNode remove(long version, long h0, long h1) {
      int i = find(version, h0, h1);
      if (i < 0) {
        return null;
      }
      InternalNode removed = values[i];
      values[i] = null;
      size--;
      int j = (i + 1) & mask;
      while (values[j] != null) {
        int k = j * 3;
        int home = slot(keys[k], keys[k + 1]);
        if (((j - home) & mask) >= ((j - i) & mask)) {
          System.arraycopy(keys, k, keys, i * 3, 3);
          values[i] = values[j];
          values[j] = null;
          i = j;
        }
        j = (j + 1) & mask;
      }
      return removed;
    }
  }
}
