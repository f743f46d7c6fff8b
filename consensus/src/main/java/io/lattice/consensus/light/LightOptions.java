package io.lattice.consensus.light;

import java.time.Duration;
import java.util.Objects;

/**
 * How far a light client trusts: a trusted header is usable until its time plus {@code
 * trustingPeriod} (which must stay below the unbonding period, so that signers of a fork can still
 * be slashed); headers more than {@code maxClockDrift} ahead of the client's clock are rejected.
 */
public record LightOptions(Duration trustingPeriod, Duration maxClockDrift, TrustLevel trustLevel) {
  public LightOptions {
    Objects.requireNonNull(trustLevel, "trustLevel");
    if (trustingPeriod.isNegative() || trustingPeriod.isZero()) {
      throw new IllegalArgumentException("trusting period must be positive, got " + trustingPeriod);
    }
    if (maxClockDrift.isNegative()) {
      throw new IllegalArgumentException(
          "max clock drift must not be negative, got " + maxClockDrift);
    }
  }

  /** Trust level 1/3. */
  public static LightOptions of(Duration trustingPeriod, Duration maxClockDrift) {
    return new LightOptions(trustingPeriod, maxClockDrift, TrustLevel.ONE_THIRD);
  }
}
