package io.lattice.crypto.mnemonic;

import io.lattice.crypto.CryptoException;

/** A mnemonic phrase or derivation path was rejected; the message names the cause. */
public final class MnemonicException extends CryptoException {
  private static final long serialVersionUID = 1L;

  public MnemonicException(String message) {
    super(message);
  }
}
