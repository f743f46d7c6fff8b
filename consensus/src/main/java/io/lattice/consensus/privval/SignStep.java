package io.lattice.consensus.privval;

import io.lattice.consensus.block.Votes;

/** The step of a round a signature belongs to, in signing order: proposal < prevote < precommit. */
public enum SignStep {
  /** Nothing signed yet (the state of a fresh validator). */
  NONE(0),
  PROPOSAL(1),
  PREVOTE(2),
  PRECOMMIT(3);

  private final int code;

  SignStep(int code) {
    this.code = code;
  }

  /** The number stored in the state file. */
  public int code() {
    return code;
  }

  public static SignStep fromCode(int code) {
    for (SignStep s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown sign step " + code + "; expected 0 to 3");
  }

  /** Type of a proposal in its {@code CanonicalVote} sign bytes (Tendermint's SignedMsgType 32). */
  public static final int PROPOSAL_TYPE = 32;

  /**
   * The step of a {@code CanonicalVote} of {@code type}: a prevote, a precommit or a proposal
   * ({@link #PROPOSAL_TYPE}).
   */
  public static SignStep ofCanonicalType(int type) {
    return type == PROPOSAL_TYPE ? PROPOSAL : ofVoteType(type);
  }

  /** The step of a vote of {@code type} ({@link Votes#PREVOTE} or {@link Votes#PRECOMMIT}). */
  public static SignStep ofVoteType(int type) {
    return switch (type) {
      case Votes.PREVOTE -> PREVOTE;
      case Votes.PRECOMMIT -> PRECOMMIT;
      default ->
          throw new IllegalArgumentException(
              "vote type " + type + " is neither prevote (1) nor precommit (2)");
    };
  }

  /** Lower case name, as in error messages ({@code 10/0/precommit}). */
  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
