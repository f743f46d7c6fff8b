package io.lattice.crypto;

import java.security.SecureRandom;

/** One signature algorithm: parses public keys, creates and restores signing keys. */
interface SignatureScheme {
  /** A parsed public key, ready to verify. Thread-safe; may throw on malformed signatures. */
  @FunctionalInterface
  interface KeyVerifier {
    boolean verify(byte[] message, byte[] signature);
  }

  KeyAlgorithm algorithm();

  /** Validates {@code raw} (owned by the caller's PublicKey, never modified) and parses it. */
  KeyVerifier parsePublicKey(byte[] raw) throws CryptoException;

  PrivateKeySigner generate(SecureRandom random);

  PrivateKeySigner fromPrivateKey(byte[] encoding) throws CryptoException;

  static SignatureScheme of(KeyAlgorithm algorithm) {
    return switch (algorithm) {
      case ED25519 -> Ed25519Scheme.INSTANCE;
      case SECP256K1 -> Secp256k1Scheme.INSTANCE;
      case ML_DSA_44 -> MlDsaScheme.ML_DSA_44;
      case ML_DSA_65 -> MlDsaScheme.ML_DSA_65;
      case ML_DSA_87 -> MlDsaScheme.ML_DSA_87;
      case FALCON_512 -> FalconScheme.FALCON_512;
      case FALCON_1024 -> FalconScheme.FALCON_1024;
      case SLH_DSA_SHA2_128F -> SlhDsaScheme.SHA2_128F;
      case HYBRID -> HybridScheme.INSTANCE;
    };
  }

  static CryptoException wrongLength(String what, int expected, int actual) {
    return new CryptoException(what + " must be " + expected + " bytes, got " + actual);
  }
}
