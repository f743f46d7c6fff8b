package io.lattice.proto;

/** Bytes that are not a canonical encoding of the expected message; the message names why. */
public final class DecodeException extends Exception {
  private static final long serialVersionUID = 1L;

  public DecodeException(String reason) {
    super(reason);
  }

  /** The human-readable reason (same as {@link #getMessage()}). */
  public String reason() {
    return getMessage();
  }
}
