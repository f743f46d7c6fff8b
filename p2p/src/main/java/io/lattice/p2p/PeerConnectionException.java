package io.lattice.p2p;

/** A connection that did not open, or closed; the message is the logged reason. */
public final class PeerConnectionException extends Exception {
  public PeerConnectionException(String reason) {
    super(reason);
  }

  public PeerConnectionException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
