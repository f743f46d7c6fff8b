package io.lattice.crypto;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * Creates and restores signing keys for every {@link KeyAlgorithm}.
 *
 * <table>
 *   <caption>Encodings (bytes)</caption>
 *   <tr><th>algorithm</th><th>public key</th><th>signature</th><th>private key</th></tr>
 *   <tr><td>ed25519</td><td>32 (RFC 8032)</td><td>64</td><td>32: the RFC 8032 seed</td></tr>
 *   <tr><td>secp256k1</td><td>33 SEC1 compressed (or 65 uncompressed)</td><td>64: r‖s, low-S</td>
 *       <td>32: big-endian scalar</td></tr>
 *   <tr><td>ml-dsa-44/65/87</td><td>1312 / 1952 / 2592 (FIPS 204)</td>
 *       <td>2420 / 3309 / 4627</td><td>32: the FIPS 204 seed ξ</td></tr>
 *   <tr><td>falcon-512/1024</td><td>897 / 1793</td><td>variable, ≤ 666 / 1280</td>
 *       <td>2178 / 4098: Falcon private key encoding ‖ public key encoding</td></tr>
 *   <tr><td>slh-dsa-sha2-128f</td><td>32 (FIPS 205)</td><td>17088</td><td>64 (FIPS 205)</td></tr>
 *   <tr><td>hybrid</td><td>1984: ed25519 ‖ ml-dsa-65</td><td>3373: ed25519 ‖ ml-dsa-65</td>
 *       <td>64: ed25519 seed ‖ ml-dsa-65 seed</td></tr>
 * </table>
 */
public final class KeyPairs {
  private KeyPairs() {}

  /** A fresh key drawn from {@code random}. */
  public static PrivateKeySigner generate(KeyAlgorithm algorithm, SecureRandom random) {
    Objects.requireNonNull(random, "random");
    return SignatureScheme.of(algorithm).generate(random);
  }

  /**
   * Restores a key from its private key encoding (the output of {@link
   * PrivateKeySigner#privateKey()}).
   *
   * @throws CryptoException naming what is wrong with the encoding (length, range, header,
   *     mismatched halves)
   */
  public static PrivateKeySigner fromPrivateKey(KeyAlgorithm algorithm, byte[] privateKeyEncoding)
      throws CryptoException {
    Objects.requireNonNull(algorithm, "algorithm");
    if (privateKeyEncoding == null) {
      throw new CryptoException(algorithm.id() + " private key is missing");
    }
    try {
      return SignatureScheme.of(algorithm).fromPrivateKey(privateKeyEncoding);
    } catch (RuntimeException e) {
      throw new CryptoException(algorithm.id() + " private key is malformed: " + e.getMessage(), e);
    }
  }
}
