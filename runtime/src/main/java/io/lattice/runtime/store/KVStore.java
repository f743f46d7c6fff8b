package io.lattice.runtime.store;

import java.util.List;
import java.util.Optional;

/**
 * A byte-key/byte-value view of state as modules see it. Keys compare as unsigned bytes; scans
 * return entries in ascending key order. Implementations are not thread-safe: each belongs to one
 * execution (a block, a transaction, a query). Arrays passed in are not retained after the call
 * returns unless a layer copies them; arrays returned belong to the caller.
 */
public interface KVStore {
  Optional<byte[]> get(byte[] key);

  void set(byte[] key, byte[] value);

  void delete(byte[] key);

  /** All entries whose key starts with {@code prefix}, ascending. */
  List<Entry> scanPrefix(byte[] prefix);

  /** One key/value pair. */
  record Entry(byte[] key, byte[] value) {}
}
