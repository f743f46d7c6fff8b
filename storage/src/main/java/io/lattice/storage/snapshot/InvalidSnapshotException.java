package io.lattice.storage.snapshot;

/** Snapshot data (a manifest or a chunk) that does not decode or does not verify; says why. */
public final class InvalidSnapshotException extends Exception {
  private static final long serialVersionUID = 1L;

  public InvalidSnapshotException(String message) {
    super(message);
  }
}
