package io.lattice.consensus.evidence;

/** The outcome of checking one piece of evidence. */
public sealed interface Verification {
  /** Why evidence was not accepted. */
  enum Reason {
    /** A vote is missing, or the two are not at the same height, round and vote type. */
    VOTE_MISMATCH,
    /** Both votes are for the same block: no misbehaviour. */
    SAME_BLOCK_ID,
    /** The votes were cast by different validators. */
    DIFFERENT_VALIDATORS,
    /** vote_a's block id does not sort before vote_b's (the encoding would not be canonical). */
    NOT_CANONICAL,
    /** A signature does not verify under the validator's key. */
    BAD_SIGNATURE,
    /** The signer was not in the validator set at the evidence height. */
    NOT_A_VALIDATOR,
    /** The recorded powers differ from the validator set at the evidence height. */
    POWER_MISMATCH,
    /** The recorded time differs from the time of the block at the evidence height. */
    TIMESTAMP_MISMATCH,
    /** Older than both the block and the duration limit of {@link EvidenceParams}. */
    TOO_OLD,
    /** The evidence height is above the current height or not known to this node. */
    UNKNOWN_HEIGHT,
    /** A block already committed this evidence. */
    ALREADY_COMMITTED,
    /** Already pending in the pool (harmless: a peer gossiped it again). */
    ALREADY_PENDING,
    /** The bytes do not decode to canonical evidence, or a block's evidence exceeds its limit. */
    MALFORMED
  }

  /** Whether the evidence was accepted. */
  default boolean isValid() {
    return this instanceof Valid;
  }

  /** The evidence is proof of misbehaviour and admissible now. */
  record Valid() implements Verification {}

  /** Rejected; {@code message} names the values that broke the rule. */
  record Invalid(Reason reason, String message) implements Verification {
    @Override
    public String toString() {
      return reason + ": " + message;
    }
  }
}
