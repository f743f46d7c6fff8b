package io.lattice.consensus.privval;

/**
 * The signer refused a request; nothing was signed and its state is unchanged. The message names
 * the cause, e.g. {@code height regression: last signed 10/0/precommit, asked 9/0/prevote}.
 */
public final class SignRefusedException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a request was refused. */
  public enum Reason {
    /** The request is below the last signed (height, round, step). */
    REGRESSION,
    /** Same (height, round, step) as the last signature, different data: a double sign. */
    CONFLICTING_DATA,
    /** The request itself is malformed (bad type, height, sign bytes). */
    INVALID_REQUEST,
    /**
     * The state could not be made durable; the signer refuses everything until it is reopened,
     * since the file may or may not hold the new state.
     */
    STATE_NOT_DURABLE
  }

  private final Reason reason;

  public SignRefusedException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public SignRefusedException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
