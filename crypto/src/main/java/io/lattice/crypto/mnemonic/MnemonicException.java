package io.lattice.crypto.mnemonic;

/** A mnemonic phrase or derivation path was rejected; the message names the cause. */
public final class MnemonicException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public MnemonicException(String message) {
    super(message);
  }
}
