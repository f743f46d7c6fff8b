package io.lattice.sdk.e2e;

/**
 * The ChaCha20-Poly1305 tag did not verify: the payload was sealed to another key, its bytes were
 * altered, or the sender, recipient or ephemeral key it is opened with differ from those it was
 * sealed with. AEAD cannot tell these apart, so neither does this exception.
 */
public final class DecryptionFailedException extends E2eException {
  private static final long serialVersionUID = 1L;

  public DecryptionFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
