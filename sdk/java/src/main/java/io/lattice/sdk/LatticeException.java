package io.lattice.sdk;

/**
 * Base of every checked error the SDK reports: a refused request, a rejected or failed transaction,
 * a timeout, or a message that cannot be encrypted or decrypted. The message names the cause.
 */
public class LatticeException extends Exception {
  private static final long serialVersionUID = 1L;

  public LatticeException(String message) {
    super(message);
  }

  public LatticeException(String message, Throwable cause) {
    super(message, cause);
  }
}
