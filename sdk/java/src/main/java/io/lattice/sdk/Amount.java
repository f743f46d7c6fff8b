package io.lattice.sdk;

import java.math.BigInteger;
import java.util.Objects;

/** An amount of one denomination, e.g. {@code 1000 ulat}. */
public record Amount(String denom, BigInteger amount) {
  public Amount {
    Objects.requireNonNull(denom, "denom");
    Objects.requireNonNull(amount, "amount");
    if (!denom.matches("[a-z][a-z0-9/]{2,127}")) {
      throw new IllegalArgumentException(
          "denom '" + denom + "' must be 3-128 characters of [a-z0-9/], starting with a letter");
    }
    if (amount.signum() < 0) {
      throw new IllegalArgumentException("amount must not be negative, got " + amount);
    }
  }

  public static Amount of(long amount, String denom) {
    return new Amount(denom, BigInteger.valueOf(amount));
  }

  /** {@code amount} of the chains' fee and staking denomination {@code ulat}. */
  public static Amount ulat(long amount) {
    return of(amount, "ulat");
  }

  io.lattice.proto.tx.v1.Coin toProto() {
    return io.lattice.proto.tx.v1.Coin.newBuilder()
        .setDenom(denom)
        .setAmount(amount.toString())
        .build();
  }

  @Override
  public String toString() {
    return amount + denom;
  }
}
