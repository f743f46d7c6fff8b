package io.lattice.node.p2p;

import java.util.LinkedHashMap;
import java.util.Map;

/** A set of at most {@code capacity} keys that forgets the oldest added first. Thread-safe. */
final class RecentSet<K> {
  private final Map<K, Boolean> entries;

  RecentSet(int capacity) {
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
  synchronized boolean add(K key) {
    return entries.putIfAbsent(key, Boolean.TRUE) == null;
  }

  synchronized boolean contains(K key) {
    return entries.containsKey(key);
  }

  synchronized void remove(K key) {
    entries.remove(key);
  }

  synchronized int size() {
    return entries.size();
  }
}
