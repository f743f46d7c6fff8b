package io.lattice.p2p.consensus;

import java.util.LinkedHashMap;
import java.util.Map;

/** A bounded set that forgets its oldest entries first. Thread-safe. */
final class SeenSet<K> {
  private final Map<K, Boolean> entries;

  SeenSet(int capacity) {
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

  synchronized int size() {
    return entries.size();
  }
}
