package io.lattice.runtime.state;

import io.lattice.runtime.store.KVStore;

/** A monotonically increasing counter starting at 0 (account numbers, ids). */
public final class Sequence {
  private final Item<Long> item;

  Sequence(Item<Long> item) {
    this.item = item;
  }

  /** The value the next {@link #next} call returns. */
  public long peek(KVStore store) {
    return item.getOrDefault(store, 0L);
  }

  /** Returns the current value and stores its successor. */
  public long next(KVStore store) {
    long v = peek(store);
    item.set(store, v + 1);
    return v;
  }

  /** Sets the next value (genesis import). */
  public void set(KVStore store, long next) {
    item.set(store, next);
  }
}
