package io.lattice.sdk.e2e;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import javax.crypto.KeyAgreement;

/**
 * The RFC 7748 function X25519(k, u) over the JDK's XDH provider, on the byte strings of RFC 7748
 * section 5: a 32-byte scalar (clamped by the function) and a 32-byte little-endian u-coordinate
 * whose most significant bit is ignored.
 */
public final class X25519 {
  public static final int KEY_BYTES = 32;

  private static final byte[] BASE_POINT = basePoint();

  private X25519() {}

  /** X25519(k, 9): the public key of scalar {@code k}. */
  public static byte[] publicKey(byte[] k) throws E2eException {
    return multiply(k, BASE_POINT);
  }

  /**
   * X25519(k, u) for a key agreement.
   *
   * @throws E2eException when a key is not 32 bytes, or the result is all zero (u is a point of low
   *     order, RFC 7748 section 6.1, so the "secret" would be known to everyone)
   */
  public static byte[] sharedSecret(byte[] k, byte[] u) throws E2eException {
    byte[] out = multiply(k, u);
    int acc = 0;
    for (byte b : out) {
      acc |= b;
    }
    if (acc == 0) {
      throw new E2eException(
          "X25519 shared secret is all zero: the public key is a point of low order");
    }
    return out;
  }

  /** Clamps a 32-byte scalar in place as RFC 7748 section 5 decodes it; returns it. */
  public static byte[] clamp(byte[] k) {
    k[0] &= (byte) 248;
    k[31] &= 127;
    k[31] |= 64;
    return k;
  }

  /**
   * X25519(k, u) with no check of the result (RFC 7748's test vectors include inputs whose result
   * is checked by the caller).
   */
  public static byte[] multiply(byte[] k, byte[] u) throws E2eException {
    check("scalar", k);
    check("u-coordinate", u);
    try {
      KeyFactory factory = KeyFactory.getInstance("XDH");
      PrivateKey priv =
          factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, k.clone()));
      PublicKey pub =
          factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, decodeU(u)));
      KeyAgreement ka = KeyAgreement.getInstance("XDH");
      ka.init(priv);
      ka.doPhase(pub, true);
      return ka.generateSecret();
    } catch (InvalidKeyException e) {
      // The JDK refuses a result of all zero (a low-order u) here.
      return new byte[KEY_BYTES];
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK's XDH provider failed: " + e.getMessage(), e);
    }
  }

  /** Little-endian decoding with the top bit masked (RFC 7748 section 5, decodeUCoordinate). */
  static BigInteger decodeU(byte[] u) {
    byte[] be = new byte[KEY_BYTES];
    for (int i = 0; i < KEY_BYTES; i++) {
      be[i] = u[KEY_BYTES - 1 - i];
    }
    be[0] &= 127;
    return new BigInteger(1, be);
  }

  private static void check(String what, byte[] key) throws E2eException {
    if (key == null || key.length != KEY_BYTES) {
      throw new E2eException(
          "X25519 "
              + what
              + " must be "
              + KEY_BYTES
              + " bytes, got "
              + (key == null ? "none" : String.valueOf(key.length)));
    }
  }

  private static byte[] basePoint() {
    byte[] u = new byte[KEY_BYTES];
    u[0] = 9;
    return u;
  }
}
