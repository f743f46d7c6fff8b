package io.lattice.runtime.state;

import io.lattice.runtime.store.KVStore;
import java.util.Optional;

/** A single value stored under its collection prefix. */
public final class Item<V> {
  private final byte[] key;
  private final String name;
  private final Codec<V> codec;

  Item(byte[] key, String name, Codec<V> codec) {
    this.key = key;
    this.name = name;
    this.codec = codec;
  }

  public String name() {
    return name;
  }

  /** The full state key of this item. */
  public byte[] key() {
    return key.clone();
  }

  public Optional<V> get(KVStore store) {
    return store.get(key).map(codec::decode);
  }

  public V getOrDefault(KVStore store, V fallback) {
    return get(store).orElse(fallback);
  }

  public void set(KVStore store, V value) {
    store.set(key, codec.encode(value));
  }

  public void remove(KVStore store) {
    store.delete(key);
  }
}
