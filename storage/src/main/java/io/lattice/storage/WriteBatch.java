package io.lattice.storage;

/** Puts and deletes collected for one atomic {@link KeyValueStore#write}. Not thread-safe. */
public interface WriteBatch extends AutoCloseable {
  void put(byte[] key, byte[] value);

  void delete(byte[] key);

  /** Number of operations collected so far. */
  int size();

  @Override
  void close();
}
