package io.lattice.consensus.tendermint;

/** The signer will not sign a message; the message names the conflicting earlier signature. */
public final class SigningRefusedException extends Exception {
  private static final long serialVersionUID = 1L;

  public SigningRefusedException(String message) {
    super(message);
  }
}
