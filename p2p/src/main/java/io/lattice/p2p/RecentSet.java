package io.lattice.p2p;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A set of at most {@code capacity} keys that forgets the oldest added first: what a peer has seen,
 * what was relayed. Thread-safe.
 */
public final class RecentSet<K> {
  private final Map<K, Boolean> entries;

  public RecentSet(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive, got " + capacity);
    }
    this.entries =
        new LinkedHashMap<>(16, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<K, Boolean> eldest) {
            return size() > capacity;
          }
        };
  }

  /** True when {@code key} was not in the set (it is now). */
  public synchronized boolean add(K key) {
    return entries.putIfAbsent(key, Boolean.TRUE) == null;
  }

  public synchronized boolean contains(K key) {
    return entries.containsKey(key);
  }

  public synchronized void remove(K key) {
    entries.remove(key);
  }

  public synchronized int size() {
    return entries.size();
  }
}
