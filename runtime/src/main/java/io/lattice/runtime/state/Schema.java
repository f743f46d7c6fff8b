package io.lattice.runtime.state;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The state layout of one module: its key prefix ({@code "<module>/"}) and its collections, each
 * with a one-byte id and a readable name. Every key a module writes is {@code "<module>/" ‖ id ‖
 * encoded key}, so all modules share one state tree and one app hash without colliding.
 */
public final class Schema {
  private final String module;
  private final byte[] prefix;
  private final SortedMap<Integer, String> names = new TreeMap<>();

  public Schema(String module) {
    if (!module.matches("[a-z][a-z0-9_]{0,31}")) {
      throw new IllegalArgumentException("invalid module name '" + module + "'");
    }
    this.module = module;
    this.prefix = (module + "/").getBytes(StandardCharsets.US_ASCII);
  }

  public String module() {
    return module;
  }

  /** {@code "<module>/"} as bytes. */
  public byte[] prefix() {
    return prefix.clone();
  }

  public <V> Item<V> item(int id, String name, Codec<V> codec) {
    return new Item<>(register(id, name), name, codec);
  }

  public <K, V> StateMap<K, V> map(int id, String name, KeyCodec<K> keys, Codec<V> values) {
    return new StateMap<>(register(id, name), name, keys, values);
  }

  public Sequence sequence(int id, String name) {
    return new Sequence(item(id, name, Codecs.UINT64));
  }

  /** Collection ids and names, ascending by id. */
  public SortedMap<Integer, String> collections() {
    return Collections.unmodifiableSortedMap(names);
  }

  /** The collection name ("bank/balances") a full state key belongs to, if it is this module's. */
  public Optional<String> describe(byte[] key) {
    if (key.length <= prefix.length) {
      return Optional.empty();
    }
    for (int i = 0; i < prefix.length; i++) {
      if (key[i] != prefix[i]) {
        return Optional.empty();
      }
    }
    String name = names.get(key[prefix.length] & 0xFF);
    return name == null ? Optional.empty() : Optional.of(module + "/" + name);
  }

  private byte[] register(int id, String name) {
    if (id < 0 || id > 255) {
      throw new IllegalArgumentException("collection id out of range: " + id);
    }
    if (names.containsKey(id)) {
      throw new IllegalArgumentException(
          module + ": collection id " + id + " used by both " + names.get(id) + " and " + name);
    }
    if (names.containsValue(name)) {
      throw new IllegalArgumentException(module + ": collection name " + name + " used twice");
    }
    names.put(id, name);
    byte[] p = new byte[prefix.length + 1];
    System.arraycopy(prefix, 0, p, 0, prefix.length);
    p[prefix.length] = (byte) id;
    return p;
  }
}
