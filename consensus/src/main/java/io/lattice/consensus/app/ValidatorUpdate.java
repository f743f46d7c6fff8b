package io.lattice.consensus.app;

import io.lattice.proto.types.v1.ValidatorPubKey;

/**
 * A change to the validator set returned by {@link Application#finalizeBlock}: the validator's
 * consensus public key and its new voting power; power 0 removes the validator.
 */
public record ValidatorUpdate(ValidatorPubKey pubKey, long power) {
  public ValidatorUpdate {
    if (power < 0) {
      throw new IllegalArgumentException("validator power must be >= 0, got " + power);
    }
  }
}
