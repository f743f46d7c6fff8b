package io.lattice.storage;

import java.util.Optional;

/**
 * Ordered byte-key/byte-value store: the storage port. Keys compare as unsigned bytes.
 *
 * <p>Contract: reads see every batch written before them; a batch is applied atomically (all or
 * nothing, also across a crash); a batch written with {@code sync = true} is durable (fsync'd) when
 * {@link #write} returns. Implementations are thread-safe for concurrent reads and one writer.
 * Arrays passed in or returned are never retained or shared.
 */
public interface KeyValueStore extends AutoCloseable {
  Optional<byte[]> get(byte[] key);

  /** A new, empty batch bound to this store. */
  WriteBatch newBatch();

  /** Applies {@code batch} atomically; with {@code sync} it is durable on return. */
  void write(WriteBatch batch, boolean sync);

  /**
   * Entries with {@code from <= key < to} in ascending key order; {@code to == null} means no upper
   * bound. The iterator sees a consistent snapshot and must be closed.
   */
  KeyValueIterator scan(byte[] from, byte[] to);

  /** Entries whose key starts with {@code prefix}, ascending. */
  default KeyValueIterator scanPrefix(byte[] prefix) {
    return scan(prefix, Keys.prefixEnd(prefix));
  }

  @Override
  void close();
}
