package io.lattice.p2p.transport;

import java.util.function.LongSupplier;

/**
 * A token bucket: {@code rate} tokens per second, holding at most {@code burst}. Thread-safe. The
 * time source is injected so tests control it.
 */
public final class TokenBucket {
  private final double ratePerNano;
  private final double burst;
  private final LongSupplier nanoTime;
  private double tokens;
  private long last;

  public TokenBucket(double ratePerSecond, double burst, LongSupplier nanoTime) {
    if (!(ratePerSecond > 0) || !(burst > 0)) {
      throw new IllegalArgumentException("rate and burst must be positive");
    }
    this.ratePerNano = ratePerSecond / 1e9;
    this.burst = burst;
    this.nanoTime = nanoTime;
    this.tokens = burst;
    this.last = nanoTime.getAsLong();
  }

  private void refill() {
    long now = nanoTime.getAsLong();
    tokens = Math.min(burst, tokens + (now - last) * ratePerNano);
    last = now;
  }

  /** Takes {@code n} tokens if that many are there; otherwise takes none. */
  public synchronized boolean tryTake(double n) {
    refill();
    if (tokens >= n) {
      tokens -= n;
      return true;
    }
    return false;
  }

  /**
   * Takes {@code n} tokens even if that leaves the bucket in debt, and returns how many nanoseconds
   * until it is out of debt (0 when it is not in debt).
   */
  public synchronized long take(double n) {
    refill();
    tokens -= n;
    return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / ratePerNano);
  }

  /** Nanoseconds until at least one token is there (0 now). */
  public synchronized long nanosUntilAvailable() {
    refill();
    return tokens > 0 ? 0 : (long) Math.ceil((1 - tokens) / ratePerNano);
  }
}
