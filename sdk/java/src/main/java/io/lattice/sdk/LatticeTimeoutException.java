package io.lattice.sdk;

/** Something awaited (a confirmation, an atomic operation's outcome) did not happen in time. */
public final class LatticeTimeoutException extends LatticeException {
  private static final long serialVersionUID = 1L;

  public LatticeTimeoutException(String message) {
    super(message);
  }
}
