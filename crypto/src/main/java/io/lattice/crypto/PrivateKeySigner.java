package io.lattice.crypto;

/**
 * A {@link Signer} holding its private key in memory, which it can export for storage (the keyring
 * encrypts it). The private key encodings per algorithm are listed in {@link KeyPairs}.
 */
public interface PrivateKeySigner extends Signer {
  /** A copy of the private key encoding; {@link KeyPairs#fromPrivateKey} accepts it back. */
  byte[] privateKey();

  default KeyAlgorithm algorithm() {
    return publicKey().algorithm();
  }
}
