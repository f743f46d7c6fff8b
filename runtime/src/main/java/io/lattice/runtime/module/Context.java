package io.lattice.runtime.module;

import io.lattice.proto.types.v1.Event;
import io.lattice.proto.types.v1.EventAttribute;
import io.lattice.runtime.gas.GasMeter;
import io.lattice.runtime.store.KVStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a message handler, hook or query sees: the state (already gas-metered and cache-wrapped by
 * the pipeline), the gas meter, the block it executes in, and an event sink. One context per
 * execution; not thread-safe.
 */
public final class Context {
  private final KVStore store;
  private final GasMeter gas;
  private final String chainId;
  private final long height;
  private final Instant time;
  private final List<Event> events = new ArrayList<>();

  public Context(KVStore store, GasMeter gas, String chainId, long height, Instant time) {
    this.store = store;
    this.gas = gas;
    this.chainId = chainId;
    this.height = height;
    this.time = time;
  }

  public KVStore store() {
    return store;
  }

  public GasMeter gas() {
    return gas;
  }

  public String chainId() {
    return chainId;
  }

  /** Height of the block being executed (the next height during checkTx, 0 at genesis). */
  public long height() {
    return height;
  }

  /** Block time decided by consensus; never the local clock. */
  public Instant time() {
    return time;
  }

  /** Emits an event; attributes are key/value pairs in order. */
  public void emit(String type, String... keyValues) {
    if (keyValues.length % 2 != 0) {
      throw new IllegalArgumentException("attributes must be key/value pairs");
    }
    Event.Builder e = Event.newBuilder().setType(type);
    for (int i = 0; i < keyValues.length; i += 2) {
      e.addAttributes(
          EventAttribute.newBuilder().setKey(keyValues[i]).setValue(keyValues[i + 1]).build());
    }
    events.add(e.build());
  }

  public void emit(Event event) {
    events.add(event);
  }

  /** Events emitted so far, in order. */
  public List<Event> events() {
    return List.copyOf(events);
  }
}
