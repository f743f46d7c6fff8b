package io.lattice.crypto.x25519;

import io.lattice.crypto.CryptoException;
import java.security.SecureRandom;

/**
 * X25519 (RFC 7748, section 5) over BouncyCastle's constant-time field arithmetic.
 *
 * <p>Private keys are 32 random bytes (clamped inside the function, as RFC 7748 prescribes); public
 * keys and shared secrets are 32-byte little-endian u-coordinates. Public keys are accepted in any
 * form RFC 7748 defines (points on the twist, non-canonical encodings); a key agreement whose
 * result is all zero (a low-order public key, RFC 7748 section 6.1) is rejected.
 */
public final class X25519 {
  public static final int KEY_BYTES = 32;

  private X25519() {}

  /** A fresh key pair drawn from {@code random}. */
  public static X25519KeyPair generate(SecureRandom random) {
    byte[] privateKey = new byte[KEY_BYTES];
    org.bouncycastle.math.ec.rfc7748.X25519.generatePrivateKey(random, privateKey);
    return new X25519KeyPair(privateKey, publicKeyOf(privateKey));
  }

  /**
   * The key pair of an existing 32-byte private key.
   *
   * @throws CryptoException when the private key is not 32 bytes
   */
  public static X25519KeyPair fromPrivateKey(byte[] privateKey) throws CryptoException {
    checkLength("private key", privateKey);
    return new X25519KeyPair(privateKey, publicKeyOf(privateKey));
  }

  /** The RFC 7748 function X25519(k, u), with no check on the result. */
  public static byte[] scalarMult(byte[] privateKey, byte[] u) throws CryptoException {
    checkLength("private key", privateKey);
    checkLength("public key", u);
    byte[] out = new byte[KEY_BYTES];
    org.bouncycastle.math.ec.rfc7748.X25519.scalarMult(privateKey, 0, u, 0, out, 0);
    return out;
  }

  /**
   * The shared secret X25519(privateKey, peerPublicKey).
   *
   * @throws CryptoException when a key is not 32 bytes or the result is all zero (the peer's key is
   *     a point of low order, so the "secret" would be known to everyone)
   */
  public static byte[] sharedSecret(byte[] privateKey, byte[] peerPublicKey)
      throws CryptoException {
    checkLength("private key", privateKey);
    checkLength("public key", peerPublicKey);
    byte[] out = new byte[KEY_BYTES];
    if (!org.bouncycastle.math.ec.rfc7748.X25519.calculateAgreement(
        privateKey, 0, peerPublicKey, 0, out, 0)) {
      throw new CryptoException(
          "X25519 shared secret is all zero: the peer public key is a low-order point");
    }
    return out;
  }

  static byte[] publicKeyOf(byte[] privateKey) {
    byte[] publicKey = new byte[KEY_BYTES];
    org.bouncycastle.math.ec.rfc7748.X25519.generatePublicKey(privateKey, 0, publicKey, 0);
    return publicKey;
  }

  private static void checkLength(String what, byte[] key) throws CryptoException {
    if (key == null) {
      throw new CryptoException("X25519 " + what + " is missing");
    }
    if (key.length != KEY_BYTES) {
      throw new CryptoException(
          "X25519 " + what + " must be " + KEY_BYTES + " bytes, got " + key.length);
    }
  }
}
