package io.lattice.p2p.transport;

/** The handshake failed; the message names why (it ends up in the disconnect log line). */
public final class HandshakeException extends Exception {
  public HandshakeException(String message) {
    super(message);
  }

  public HandshakeException(String message, Throwable cause) {
    super(message, cause);
  }
}
