package io.lattice.crypto;

import io.lattice.common.Hex;
import java.util.Arrays;
import java.util.Objects;

/**
 * A validated public key: its algorithm and its standard raw encoding (see {@link KeyPairs} for the
 * encodings). Equality is by algorithm and encoding.
 *
 * <p>The parsed form of the key (decompressed point, expanded polynomial, …) is built once by
 * {@link #decode} and reused by every {@link #verify} call, so keep and reuse instances on hot
 * paths. Instances are immutable and thread-safe.
 */
public final class PublicKey {
  private final KeyAlgorithm algorithm;
  private final byte[] encoded;
  private final SignatureScheme.KeyVerifier verifier;
  private volatile Address address;

  private PublicKey(KeyAlgorithm algorithm, byte[] encoded, SignatureScheme.KeyVerifier verifier) {
    this.algorithm = algorithm;
    this.encoded = encoded;
    this.verifier = verifier;
  }

  /**
   * Parses and validates a raw public key (length, point on the curve, canonical encoding,
   * coefficient ranges, as each algorithm requires).
   *
   * @throws CryptoException naming what is wrong with the key
   */
  public static PublicKey decode(KeyAlgorithm algorithm, byte[] raw) throws CryptoException {
    Objects.requireNonNull(algorithm, "algorithm");
    if (raw == null) {
      throw new CryptoException(algorithm.id() + " public key is missing");
    }
    byte[] copy = raw.clone();
    SignatureScheme.KeyVerifier verifier;
    try {
      verifier = SignatureScheme.of(algorithm).parsePublicKey(copy);
    } catch (RuntimeException e) {
      throw new CryptoException(algorithm.id() + " public key is malformed: " + e.getMessage(), e);
    }
    return new PublicKey(algorithm, copy, verifier);
  }

  /** For schemes that derived the key themselves: {@code encoded} is owned by the result. */
  static PublicKey trusted(
      KeyAlgorithm algorithm, byte[] encoded, SignatureScheme.KeyVerifier verifier) {
    return new PublicKey(algorithm, encoded, verifier);
  }

  public KeyAlgorithm algorithm() {
    return algorithm;
  }

  /** A copy of the raw encoding. */
  public byte[] encoded() {
    return encoded.clone();
  }

  /** Length of the raw encoding, without copying it. */
  public int encodedLength() {
    return encoded.length;
  }

  /**
   * Verifies {@code signature} over {@code message}. Returns false for any malformed, truncated or
   * non-canonical signature (including high-S secp256k1 signatures); never throws on bad bytes.
   */
  public boolean verify(byte[] message, byte[] signature) {
    if (message == null || signature == null) {
      return false;
    }
    try {
      return verifier.verify(message, signature);
    } catch (RuntimeException malformed) {
      return false;
    }
  }

  /** The account address of this key, computed once. */
  public Address address() {
    Address a = address;
    if (a == null) {
      a = Address.derive(algorithm, encoded);
      address = a;
    }
    return a;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PublicKey k
        && algorithm == k.algorithm
        && Arrays.equals(encoded, k.encoded);
  }

  @Override
  public int hashCode() {
    return algorithm.hashCode() * 31 + Arrays.hashCode(encoded);
  }

  @Override
  public String toString() {
    String hex = Hex.encode(encoded);
    return algorithm.id()
        + ":"
        + (hex.length() > 80 ? hex.substring(0, 64) + "…(" + encoded.length + " bytes)" : hex);
  }
}
