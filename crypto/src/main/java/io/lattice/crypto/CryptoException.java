package io.lattice.crypto;

/** A key, signature, address or proof was rejected; the message names the cause. */
public class CryptoException extends Exception {
  public CryptoException(String message) {
    super(message);
  }

  public CryptoException(String message, Throwable cause) {
    super(message, cause);
  }
}
