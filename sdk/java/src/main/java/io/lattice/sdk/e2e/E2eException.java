package io.lattice.sdk.e2e;

import io.lattice.sdk.LatticeException;

/**
 * A message cannot be sealed or opened: a key of the wrong size, a low-order X25519 key, a
 * malformed payload. Authentication failures are the subtype {@link DecryptionFailedException}.
 */
public class E2eException extends LatticeException {
  private static final long serialVersionUID = 1L;

  public E2eException(String message) {
    super(message);
  }

  public E2eException(String message, Throwable cause) {
    super(message, cause);
  }
}
