package io.lattice.consensus.block;

/** A block or commit that breaks a rule; the message names the rule and the values. */
public final class InvalidBlockException extends Exception {
  private static final long serialVersionUID = 1L;

  public InvalidBlockException(String message) {
    super(message);
  }
}
