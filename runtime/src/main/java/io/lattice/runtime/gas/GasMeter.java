package io.lattice.runtime.gas;

/**
 * Counts gas consumed by one transaction against its limit. {@link #unlimited()} meters without a
 * limit (genesis, end-block hooks, queries). Not thread-safe.
 */
public final class GasMeter {
  private final long limit;
  private long used;

  public GasMeter(long limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("gas limit must not be negative: " + limit);
    }
    this.limit = limit;
  }

  public static GasMeter unlimited() {
    return new GasMeter(Long.MAX_VALUE);
  }

  public long limit() {
    return limit;
  }

  public long used() {
    return used;
  }

  /**
   * Adds {@code amount}; when the total would pass the limit, records it (so {@link #used()} shows
   * how far the transaction went) and throws.
   *
   * @param descriptor what the gas pays for, e.g. "writing bank/balances"
   */
  public void consume(long amount, String descriptor) {
    if (amount < 0) {
      throw new IllegalArgumentException("negative gas amount " + amount);
    }
    long next = used + amount;
    if (next < used) {
      next = Long.MAX_VALUE;
    }
    used = next;
    if (used > limit) {
      throw new OutOfGasException(limit, used, descriptor);
    }
  }
}
