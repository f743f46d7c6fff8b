package io.lattice.crypto.keyring;

import io.lattice.crypto.CryptoException;

/** A keyring operation was refused or failed; the message names the key and the cause. */
public final class KeyringException extends CryptoException {
  private static final long serialVersionUID = 1L;

  public KeyringException(String message) {
    super(message);
  }

  public KeyringException(String message, Throwable cause) {
    super(message, cause);
  }
}
