package io.lattice.runtime.state;

import io.lattice.runtime.store.KVStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Keys of type {@code K} to values of type {@code V} under one collection prefix. */
public final class StateMap<K, V> {
  private final byte[] prefix;
  private final String name;
  private final KeyCodec<K> keys;
  private final Codec<V> values;

  StateMap(byte[] prefix, String name, KeyCodec<K> keys, Codec<V> values) {
    this.prefix = prefix;
    this.name = name;
    this.keys = keys;
    this.values = values;
  }

  public String name() {
    return name;
  }

  /** The full state key holding {@code key}'s value (for proofs and the API). */
  public byte[] stateKey(K key) {
    byte[] k = keys.encode(key);
    byte[] out = new byte[prefix.length + k.length];
    System.arraycopy(prefix, 0, out, 0, prefix.length);
    System.arraycopy(k, 0, out, prefix.length, k.length);
    return out;
  }

  public Optional<V> get(KVStore store, K key) {
    return store.get(stateKey(key)).map(values::decode);
  }

  public boolean has(KVStore store, K key) {
    return store.get(stateKey(key)).isPresent();
  }

  public void set(KVStore store, K key, V value) {
    store.set(stateKey(key), values.encode(value));
  }

  public void remove(KVStore store, K key) {
    store.delete(stateKey(key));
  }

  /** Every entry, ascending by encoded key. */
  public List<Map.Entry<K, V>> entries(KVStore store) {
    return scan(store, prefix);
  }

  /**
   * Entries whose encoded key starts with {@code keyPrefix} (e.g. the encoded first component of a
   * pair key), ascending.
   */
  public List<Map.Entry<K, V>> entriesWithKeyPrefix(KVStore store, byte[] keyPrefix) {
    byte[] p = new byte[prefix.length + keyPrefix.length];
    System.arraycopy(prefix, 0, p, 0, prefix.length);
    System.arraycopy(keyPrefix, 0, p, prefix.length, keyPrefix.length);
    return scan(store, p);
  }

  private List<Map.Entry<K, V>> scan(KVStore store, byte[] p) {
    List<KVStore.Entry> raw = store.scanPrefix(p);
    List<Map.Entry<K, V>> out = new ArrayList<>(raw.size());
    for (KVStore.Entry e : raw) {
      byte[] k = new byte[e.key().length - prefix.length];
      System.arraycopy(e.key(), prefix.length, k, 0, k.length);
      out.add(Map.entry(keys.decode(k), values.decode(e.value())));
    }
    return out;
  }
}
