package io.lattice.runtime.store;

/** A write reached a read-only view of state (a query); a programming error, never bad input. */
public final class ReadOnlyException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public ReadOnlyException(String what) {
    super("state is read-only: " + what);
  }
}
