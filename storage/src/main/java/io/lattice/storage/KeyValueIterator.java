package io.lattice.storage;

import java.util.Iterator;

/** A closeable ascending iterator over a snapshot of a {@link KeyValueStore}. */
public interface KeyValueIterator extends Iterator<KeyValueIterator.Entry>, AutoCloseable {
  /** One key/value pair; the arrays belong to the caller. */
  record Entry(byte[] key, byte[] value) {}

  @Override
  void close();
}
