package io.lattice.crypto.x25519;

import io.lattice.crypto.CryptoException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Anonymous public-key encryption to an X25519 key ("sealed box").
 *
 * <p>Envelope, version 1:
 *
 * <pre>
 *   0x01 || ephemeralPublic (32) || ciphertext || Poly1305 tag (16)
 * </pre>
 *
 * <p>The sender draws an ephemeral X25519 key e, computes {@code s = X25519(e, recipientPublic)}
 * (rejecting an all-zero s), and derives 44 bytes {@code key (32) || nonce (12) = HKDF-SHA256(ikm =
 * s, salt = ephemeralPublic || recipientPublic, info = "lattice sealed box v1
 * x25519-hkdf-sha256-chacha20poly1305")}. The plaintext is encrypted with ChaCha20-Poly1305 (RFC
 * 8439) under that key and nonce, authenticating the caller's associated data. A fresh ephemeral
 * key per message makes every key/nonce pair unique; binding both public keys into the salt ties
 * the envelope to its recipient.
 */
public final class SealedBox {
  public static final byte VERSION = 1;
  public static final int OVERHEAD = 1 + X25519.KEY_BYTES + 16;

  private static final byte[] INFO =
      "lattice sealed box v1 x25519-hkdf-sha256-chacha20poly1305"
          .getBytes(StandardCharsets.US_ASCII);
  private static final int TAG_BITS = 128;

  private SealedBox() {}

  /** Seals with a fresh ephemeral key from a new {@link SecureRandom}. */
  public static byte[] seal(byte[] recipientPublic, byte[] plaintext, byte[] aad)
      throws CryptoException {
    return seal(recipientPublic, plaintext, aad, new SecureRandom());
  }

  /**
   * Encrypts {@code plaintext} to {@code recipientPublic}, authenticating {@code aad} (which is not
   * stored in the envelope; the opener must supply the same bytes).
   *
   * @throws CryptoException when the recipient key is not 32 bytes or is a low-order point
   */
  public static byte[] seal(
      byte[] recipientPublic, byte[] plaintext, byte[] aad, SecureRandom random)
      throws CryptoException {
    X25519KeyPair ephemeral = X25519.generate(random);
    byte[] ephemeralPrivate = ephemeral.privateKey();
    byte[] ephemeralPublic = ephemeral.publicKey();
    byte[] shared;
    try {
      shared = X25519.sharedSecret(ephemeralPrivate, recipientPublic);
    } catch (CryptoException e) {
      throw new CryptoException("cannot seal to this recipient: " + e.getMessage(), e);
    } finally {
      Arrays.fill(ephemeralPrivate, (byte) 0);
    }
    ChaCha20Poly1305 cipher = cipher(true, shared, ephemeralPublic, recipientPublic, aad);
    byte[] out = new byte[1 + X25519.KEY_BYTES + cipher.getOutputSize(plaintext.length)];
    out[0] = VERSION;
    System.arraycopy(ephemeralPublic, 0, out, 1, X25519.KEY_BYTES);
    int n = cipher.processBytes(plaintext, 0, plaintext.length, out, 1 + X25519.KEY_BYTES);
    try {
      cipher.doFinal(out, 1 + X25519.KEY_BYTES + n);
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", e);
    }
    return out;
  }

  /**
   * Decrypts an envelope sealed to the public key of {@code recipientPrivate}.
   *
   * @throws CryptoException naming the cause: a truncated envelope, an unknown version, a low-order
   *     ephemeral key, or a failed authentication (tampered envelope, different associated data, or
   *     sealed to another key)
   */
  public static byte[] open(byte[] recipientPrivate, byte[] envelope, byte[] aad)
      throws CryptoException {
    X25519KeyPair recipient = X25519.fromPrivateKey(recipientPrivate);
    if (envelope == null || envelope.length < OVERHEAD) {
      throw new CryptoException(
          "sealed box is truncated: "
              + (envelope == null ? 0 : envelope.length)
              + " bytes, at least "
              + OVERHEAD
              + " expected");
    }
    if (envelope[0] != VERSION) {
      throw new CryptoException(
          "unsupported sealed box version " + (envelope[0] & 0xff) + "; expected " + VERSION);
    }
    byte[] ephemeralPublic = Arrays.copyOfRange(envelope, 1, 1 + X25519.KEY_BYTES);
    byte[] shared;
    try {
      shared = X25519.sharedSecret(recipientPrivate, ephemeralPublic);
    } catch (CryptoException e) {
      throw new CryptoException("sealed box rejected: " + e.getMessage(), e);
    }
    ChaCha20Poly1305 cipher = cipher(false, shared, ephemeralPublic, recipient.publicKey(), aad);
    int offset = 1 + X25519.KEY_BYTES;
    int length = envelope.length - offset;
    byte[] out = new byte[cipher.getOutputSize(length)];
    int n = cipher.processBytes(envelope, offset, length, out, 0);
    try {
      cipher.doFinal(out, n);
    } catch (InvalidCipherTextException e) {
      Arrays.fill(out, (byte) 0);
      throw new CryptoException(
          "sealed box authentication failed: the envelope or its associated data was altered,"
              + " or it was sealed to a different key",
          e);
    }
    return out;
  }

  private static ChaCha20Poly1305 cipher(
      boolean encrypt, byte[] shared, byte[] ephemeralPublic, byte[] recipientPublic, byte[] aad) {
    byte[] salt = new byte[2 * X25519.KEY_BYTES];
    System.arraycopy(ephemeralPublic, 0, salt, 0, X25519.KEY_BYTES);
    System.arraycopy(recipientPublic, 0, salt, X25519.KEY_BYTES, X25519.KEY_BYTES);
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(shared, salt, INFO));
    byte[] okm = new byte[32 + 12];
    hkdf.generateBytes(okm, 0, okm.length);
    Arrays.fill(shared, (byte) 0);
    ChaCha20Poly1305 cipher = new ChaCha20Poly1305();
    cipher.init(
        encrypt,
        new AEADParameters(
            new KeyParameter(okm, 0, 32),
            TAG_BITS,
            Arrays.copyOfRange(okm, 32, 44),
            aad == null ? new byte[0] : aad));
    Arrays.fill(okm, (byte) 0);
    return cipher;
  }
}
