package io.lattice.consensus.light;

/**
 * The fraction of the trusted validator set's power that must sign a header for the client to skip
 * to it: more than {@code numerator / denominator} of it (CometBFT's strict comparison). Between
 * 1/3 (the least that guarantees one honest signer while less than 1/3 is faulty) and 1.
 */
public record TrustLevel(long numerator, long denominator) {
  public static final TrustLevel ONE_THIRD = new TrustLevel(1, 3);

  public TrustLevel {
    if (denominator <= 0
        || numerator <= 0
        || numerator > denominator
        || Math.multiplyExact(numerator, 3) < denominator) {
      throw new IllegalArgumentException(
          "trust level must be within [1/3, 1], got " + numerator + "/" + denominator);
    }
  }

  @Override
  public String toString() {
    return numerator + "/" + denominator;
  }
}
