package io.lattice.sdk.e2e;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF with HMAC-SHA256 (RFC 5869), over the JDK's {@code HmacSHA256}.
 *
 * <p>An absent or empty salt is replaced by 32 zero bytes (RFC 5869, section 2.2). The output
 * length is limited to 255 × 32 bytes (section 2.3).
 */
public final class Hkdf {
  /** HMAC-SHA256 output length. */
  public static final int HASH_LEN = 32;

  public static final int MAX_OUTPUT = 255 * HASH_LEN;

  private static final String HMAC = "HmacSHA256";

  private Hkdf() {}

  /** HKDF-Extract(salt, IKM) → PRK (32 bytes). */
  public static byte[] extract(byte[] salt, byte[] ikm) {
    byte[] key = salt == null || salt.length == 0 ? new byte[HASH_LEN] : salt;
    Mac mac = mac(key);
    return mac.doFinal(ikm == null ? new byte[0] : ikm);
  }

  /**
   * HKDF-Expand(PRK, info, L) → OKM.
   *
   * @throws IllegalArgumentException when {@code length} is negative or above {@value #MAX_OUTPUT},
   *     or the PRK is shorter than {@value #HASH_LEN} bytes
   */
  public static byte[] expand(byte[] prk, byte[] info, int length) {
    if (length < 0 || length > MAX_OUTPUT) {
      throw new IllegalArgumentException(
          "HKDF output length must be 0.." + MAX_OUTPUT + ", got " + length);
    }
    if (prk == null || prk.length < HASH_LEN) {
      throw new IllegalArgumentException(
          "HKDF PRK must be at least "
              + HASH_LEN
              + " bytes, got "
              + (prk == null ? 0 : prk.length));
    }
    Mac mac = mac(prk);
    byte[] okm = new byte[length];
    byte[] t = new byte[0];
    int filled = 0;
    for (int i = 1; filled < length; i++) {
      mac.update(t);
      if (info != null) {
        mac.update(info);
      }
      mac.update((byte) i);
      t = mac.doFinal();
      int n = Math.min(t.length, length - filled);
      System.arraycopy(t, 0, okm, filled, n);
      filled += n;
    }
    return okm;
  }

  /** Extract then expand. */
  public static byte[] derive(byte[] salt, byte[] ikm, byte[] info, int length) {
    return expand(extract(salt, ikm), info, length);
  }

  private static Mac mac(byte[] key) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(key, HMAC));
      return mac;
    } catch (InvalidKeyException e) {
      throw new IllegalArgumentException("HMAC-SHA256 key rejected: " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no " + HMAC, e);
    }
  }
}
