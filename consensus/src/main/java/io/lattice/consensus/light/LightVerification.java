package io.lattice.consensus.light;

/** The outcome of verifying an untrusted header against a trusted one. */
public sealed interface LightVerification {
  /** Why a header was not accepted. */
  enum Reason {
    /** The trusted header is older than the trusting period: the client must be re-initialized. */
    EXPIRED,
    /** Adjacent verification of a header that is not at trusted height + 1. */
    NOT_ADJACENT,
    /** Skipping verification of the header at trusted height + 1 (use adjacent verification). */
    ADJACENT,
    /** The untrusted header is for another chain. */
    WRONG_CHAIN_ID,
    /** The untrusted header's height is not above the trusted one. */
    NON_INCREASING_HEIGHT,
    /** The untrusted header's time is not after the trusted one. */
    NON_INCREASING_TIME,
    /** The untrusted header's time is beyond the client's clock plus the allowed drift. */
    FROM_FUTURE,
    /** The validator set given for the untrusted header is not the one its header names. */
    VALIDATORS_HASH_MISMATCH,
    /** The untrusted set is not the next validator set the adjacent trusted header named. */
    NEXT_VALIDATORS_MISMATCH,
    /** The commit is not for the untrusted header (height or block hash). */
    COMMIT_MISMATCH,
    /** A commit signature is invalid, by a non-member, or a validator signed twice. */
    INVALID_COMMIT_SIGNATURE,
    /** The untrusted validator set's signers hold 2/3 of its power or less. */
    INSUFFICIENT_POWER,
    /** The trusted validator set's signers hold no more than the trust level of its power. */
    INSUFFICIENT_TRUSTED_POWER,
    /** A header provider had no light block for a height bisection needed. */
    PROVIDER_MISSING_BLOCK
  }

  default boolean isVerified() {
    return this instanceof Verified;
  }

  /** The untrusted header is now trusted. */
  record Verified() implements LightVerification {}

  /** Rejected; {@code message} names the values that broke the rule. */
  record Failed(Reason reason, String message) implements LightVerification {
    @Override
    public String toString() {
      return reason + ": " + message;
    }
  }
}
