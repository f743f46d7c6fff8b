package io.lattice.runtime.store;

import io.lattice.runtime.gas.GasConfig;
import io.lattice.runtime.gas.GasMeter;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Charges every access to the underlying store to a {@link GasMeter} before performing it. */
public final class GasStore implements KVStore {
  private final KVStore inner;
  private final GasMeter meter;
  private final GasConfig config;
  private final Function<byte[], String> describe;

  /**
   * @param describe names the collection a key belongs to, for out-of-gas reasons
   */
  public GasStore(
      KVStore inner, GasMeter meter, GasConfig config, Function<byte[], String> describe) {
    this.inner = inner;
    this.meter = meter;
    this.config = config;
    this.describe = describe;
  }

  @Override
  public Optional<byte[]> get(byte[] key) {
    charge(config.readFlat() + config.readPerByte() * key.length, "reading", key);
    Optional<byte[]> v = inner.get(key);
    if (v.isPresent()) {
      charge(config.readPerByte() * v.get().length, "reading", key);
    }
    return v;
  }

  @Override
  public void set(byte[] key, byte[] value) {
    charge(
        config.writeFlat() + config.writePerByte() * ((long) key.length + value.length),
        "writing",
        key);
    inner.set(key, value);
  }

  @Override
  public void delete(byte[] key) {
    charge(config.deleteFlat(), "deleting", key);
    inner.delete(key);
  }

  @Override
  public List<Entry> scanPrefix(byte[] prefix) {
    charge(config.scanFlat(), "scanning", prefix);
    List<Entry> entries = inner.scanPrefix(prefix);
    long bytes = 0;
    for (Entry e : entries) {
      bytes += e.key().length + e.value().length;
    }
    charge(
        config.scanPerEntry() * entries.size() + config.readPerByte() * bytes, "scanning", prefix);
    return entries;
  }

  /** Builds the descriptor only when the charge is about to fail. */
  private void charge(long amount, String verb, byte[] key) {
    if (amount > meter.limit() - meter.used()) {
      meter.consume(amount, verb + " " + describe.apply(key));
    } else {
      meter.consume(amount, verb);
    }
  }
}
