package io.lattice.crypto.keyring;

import io.lattice.crypto.Address;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.PublicKey;
import io.lattice.crypto.mnemonic.DerivationPath;
import java.util.Optional;

/**
 * The public facts of a stored key.
 *
 * @param derivationPath the SLIP-10 path the key was derived along, for keys made from a mnemonic
 */
public record KeyInfo(
    String name,
    KeyAlgorithm algorithm,
    PublicKey publicKey,
    Optional<DerivationPath> derivationPath) {

  public KeyInfo {
    if (publicKey.algorithm() != algorithm) {
      throw new IllegalArgumentException(
          "public key is " + publicKey.algorithm() + " but the key is " + algorithm);
    }
  }

  public Address address() {
    return publicKey.address();
  }
}
