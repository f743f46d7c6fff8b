package io.lattice.crypto;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The signature algorithms an account or validator key may use. The {@link #id()} is the stable
 * name used in formats, configuration and address derivation; it never changes once released.
 */
public enum KeyAlgorithm {
  ED25519("ed25519"),
  SECP256K1("secp256k1"),
  ML_DSA_44("ml-dsa-44"),
  ML_DSA_65("ml-dsa-65"),
  ML_DSA_87("ml-dsa-87"),
  FALCON_512("falcon-512"),
  FALCON_1024("falcon-1024"),
  SLH_DSA_SHA2_128F("slh-dsa-sha2-128f"),
  /** ed25519 and ML-DSA-65 together; a signature is valid only when both halves verify. */
  HYBRID("hybrid");

  private final String id;

  KeyAlgorithm(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /** Looks an algorithm up by its {@link #id()} (exact, lower case). */
  public static KeyAlgorithm fromId(String id) throws CryptoException {
    for (KeyAlgorithm a : values()) {
      if (a.id.equals(id)) {
        return a;
      }
    }
    throw new CryptoException(
        "unknown key algorithm '"
            + id
            + "'; expected one of "
            + Arrays.stream(values()).map(KeyAlgorithm::id).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return id;
  }
}
