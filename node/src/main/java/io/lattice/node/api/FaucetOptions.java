package io.lattice.node.api;

import io.lattice.crypto.Signer;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Objects;

/**
 * The faucet: it sends {@code amountPerRequest} of {@code denom} from the account of {@code key} to
 * whoever asks, at most once per {@code perAddressInterval} per recipient, paying {@code feeAmount}
 * of {@code denom} as fee with {@code gasLimit}.
 */
public record FaucetOptions(
    Signer key,
    String denom,
    BigInteger amountPerRequest,
    Duration perAddressInterval,
    BigInteger feeAmount,
    long gasLimit) {

  public FaucetOptions {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(denom, "denom");
    Objects.requireNonNull(perAddressInterval, "perAddressInterval");
    if (amountPerRequest.signum() <= 0) {
      throw new IllegalArgumentException("faucet amount must be positive, got " + amountPerRequest);
    }
    if (feeAmount.signum() < 0) {
      throw new IllegalArgumentException("faucet fee must not be negative, got " + feeAmount);
    }
    if (perAddressInterval.isNegative()) {
      throw new IllegalArgumentException("faucet interval must not be negative");
    }
    if (gasLimit <= 0) {
      throw new IllegalArgumentException("faucet gas limit must be positive, got " + gasLimit);
    }
  }
}
