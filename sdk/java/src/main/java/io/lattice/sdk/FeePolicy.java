package io.lattice.sdk;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * The gas limit and fee of the transactions a client sends: the fee is {@code ceil(gasLimit ×
 * gasPrice)} of {@code denom}, which the node requires to be at least its minimum gas price (0.01
 * ulat by default).
 */
public record FeePolicy(long gasLimit, BigDecimal gasPrice, String denom) {
  /** 300,000 gas at 0.01 ulat: a fee of 3,000 ulat. */
  public static final FeePolicy DEFAULT = new FeePolicy(300_000, new BigDecimal("0.01"), "ulat");

  public FeePolicy {
    if (gasLimit <= 0) {
      throw new IllegalArgumentException("gas limit must be positive, got " + gasLimit);
    }
    if (gasPrice.signum() < 0) {
      throw new IllegalArgumentException("gas price must not be negative, got " + gasPrice);
    }
  }

  public FeePolicy withGasLimit(long gas) {
    return new FeePolicy(gas, gasPrice, denom);
  }

  public Amount fee() {
    BigInteger amount =
        gasPrice
            .multiply(BigDecimal.valueOf(gasLimit))
            .setScale(0, RoundingMode.CEILING)
            .toBigIntegerExact();
    return new Amount(denom, amount);
  }
}
