package io.lattice.sdk.e2e;

import io.lattice.crypto.Address;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals and opens direct messages, scheme {@code lattice-dm-v1} (docs/spec/messaging-e2e.md §3).
 *
 * <pre>
 *   N      = 12 random bytes
 *   e      = clamp(HKDF(salt = N, IKM = sender identity private key,
 *                       info = "lattice-dm-v1-ephemeral" ‖ A_s ‖ A_r, 32))
 *   E      = X25519(e, 9)
 *   Z      = X25519(e, R)                      (refused if all zero)
 *   K      = HKDF(salt = E ‖ R, IKM = Z, info = "lattice-dm-v1-key", 32)
 *   AAD    = "lattice-dm-v1" ‖ A_s ‖ A_r ‖ E
 *   C      = ChaCha20-Poly1305(K, N, plaintext, AAD)    (ciphertext ‖ 16-byte tag)
 * </pre>
 *
 * where A_s, A_r are the 20-byte sender and recipient addresses and R the recipient's identity
 * public key. The recipient computes Z = X25519(r, E). Because e is derived from the sender's
 * identity key and N, the sender can open its own sent messages later ({@link #openAsSender}).
 */
public final class DirectMessageCipher {
  public static final String SCHEME = "lattice-dm-v1";
  public static final int NONCE_BYTES = 12;
  public static final int TAG_BYTES = 16;

  static final byte[] AAD_PREFIX = SCHEME.getBytes(StandardCharsets.US_ASCII);
  static final byte[] EPHEMERAL_INFO =
      "lattice-dm-v1-ephemeral".getBytes(StandardCharsets.US_ASCII);
  static final byte[] KEY_INFO = "lattice-dm-v1-key".getBytes(StandardCharsets.US_ASCII);

  private static final SecureRandom RANDOM = new SecureRandom();

  private DirectMessageCipher() {}

  /** Seals {@code plaintext} with a fresh random nonce. */
  public static SealedMessage seal(
      IdentityKeyPair sender,
      Address senderAddress,
      Address recipientAddress,
      byte[] recipientIdentityKey,
      byte[] plaintext)
      throws E2eException {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    return seal(sender, senderAddress, recipientAddress, recipientIdentityKey, plaintext, nonce);
  }

  /**
   * Seals with the given nonce. Every other input fixed, the output is a function of the nonce:
   * callers other than test vectors must use a fresh random nonce per message.
   *
   * @throws E2eException when the recipient key is not 32 bytes or is a low-order point, or the
   *     nonce is not 12 bytes
   */
  public static SealedMessage seal(
      IdentityKeyPair sender,
      Address senderAddress,
      Address recipientAddress,
      byte[] recipientIdentityKey,
      byte[] plaintext,
      byte[] nonce)
      throws E2eException {
    checkNonce(nonce);
    byte[] e = ephemeralPrivate(sender, senderAddress, recipientAddress, nonce);
    try {
      byte[] ephemeralKey = X25519.publicKey(e);
      byte[] shared;
      try {
        shared = X25519.sharedSecret(e, recipientIdentityKey);
      } catch (E2eException ex) {
        throw new E2eException("cannot seal to this recipient key: " + ex.getMessage(), ex);
      }
      byte[] key = messageKey(shared, ephemeralKey, recipientIdentityKey);
      byte[] aad = aad(senderAddress, recipientAddress, ephemeralKey);
      byte[] ciphertext = chacha(Cipher.ENCRYPT_MODE, key, nonce, aad, plaintext);
      return new SealedMessage(ephemeralKey, nonce, ciphertext);
    } finally {
      Arrays.fill(e, (byte) 0);
    }
  }

  /**
   * Opens a message sealed to {@code recipient}'s identity key.
   *
   * @throws DecryptionFailedException when it was sealed to another key, altered, or sealed for a
   *     different sender or recipient address
   * @throws E2eException for a malformed payload (sizes, a low-order ephemeral key)
   */
  public static byte[] openAsRecipient(
      IdentityKeyPair recipient,
      Address senderAddress,
      Address recipientAddress,
      SealedMessage message)
      throws E2eException {
    checkShape(message);
    byte[] ephemeralKey = message.ephemeralKey();
    byte[] shared;
    try {
      shared = X25519.sharedSecret(recipient.privateKey(), ephemeralKey);
    } catch (E2eException ex) {
      throw new E2eException("message refused: ephemeral key: " + ex.getMessage(), ex);
    }
    byte[] key = messageKey(shared, ephemeralKey, recipient.publicKey());
    return open(key, message, aad(senderAddress, recipientAddress, ephemeralKey));
  }

  /**
   * Opens a message this sender sealed, by re-deriving its ephemeral key. {@code
   * recipientIdentityKey} must be the key it was sealed to.
   *
   * @throws DecryptionFailedException when the message was not sealed by this identity key for
   *     these addresses, was altered, or was sealed to another recipient key
   * @throws E2eException for a malformed payload
   */
  public static byte[] openAsSender(
      IdentityKeyPair sender,
      Address senderAddress,
      Address recipientAddress,
      byte[] recipientIdentityKey,
      SealedMessage message)
      throws E2eException {
    checkShape(message);
    byte[] ephemeralKey = message.ephemeralKey();
    byte[] e = ephemeralPrivate(sender, senderAddress, recipientAddress, message.nonce());
    try {
      if (!MessageDigest.isEqual(X25519.publicKey(e), ephemeralKey)) {
        throw new DecryptionFailedException(
            "message was not sealed by this identity key for these addresses", null);
      }
      byte[] shared = X25519.sharedSecret(e, recipientIdentityKey);
      byte[] key = messageKey(shared, ephemeralKey, recipientIdentityKey);
      return open(key, message, aad(senderAddress, recipientAddress, ephemeralKey));
    } finally {
      Arrays.fill(e, (byte) 0);
    }
  }

  /** {@code "lattice-dm-v1" ‖ sender (20) ‖ recipient (20) ‖ ephemeral key (32)}: 85 bytes. */
  public static byte[] aad(Address sender, Address recipient, byte[] ephemeralKey) {
    return concat(AAD_PREFIX, sender.bytes(), recipient.bytes(), ephemeralKey);
  }

  static byte[] ephemeralPrivate(
      IdentityKeyPair sender, Address senderAddress, Address recipientAddress, byte[] nonce) {
    byte[] ikm = sender.privateKey();
    try {
      return X25519.clamp(
          Hkdf.derive(
              nonce,
              ikm,
              concat(EPHEMERAL_INFO, senderAddress.bytes(), recipientAddress.bytes()),
              X25519.KEY_BYTES));
    } finally {
      Arrays.fill(ikm, (byte) 0);
    }
  }

  static byte[] messageKey(byte[] shared, byte[] ephemeralKey, byte[] recipientIdentityKey) {
    try {
      return Hkdf.derive(concat(ephemeralKey, recipientIdentityKey), shared, KEY_INFO, 32);
    } finally {
      Arrays.fill(shared, (byte) 0);
    }
  }

  private static byte[] open(byte[] key, SealedMessage message, byte[] aad)
      throws DecryptionFailedException {
    return chacha(Cipher.DECRYPT_MODE, key, message.nonce(), aad, message.ciphertext());
  }

  private static byte[] chacha(int mode, byte[] key, byte[] nonce, byte[] aad, byte[] input)
      throws DecryptionFailedException {
    try {
      Cipher cipher = Cipher.getInstance("ChaCha20-Poly1305");
      cipher.init(mode, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
      cipher.updateAAD(aad);
      return cipher.doFinal(input);
    } catch (AEADBadTagException e) {
      throw new DecryptionFailedException(
          "message authentication failed: it was sealed to another key, altered, or sealed for a"
              + " different sender or recipient",
          e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK's ChaCha20-Poly1305 failed: " + e.getMessage(), e);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  private static void checkNonce(byte[] nonce) throws E2eException {
    if (nonce == null || nonce.length != NONCE_BYTES) {
      throw new E2eException(
          "nonce must be "
              + NONCE_BYTES
              + " bytes, got "
              + (nonce == null ? "none" : String.valueOf(nonce.length)));
    }
  }

  private static void checkShape(SealedMessage m) throws E2eException {
    if (m.ephemeralKey().length != X25519.KEY_BYTES) {
      throw new E2eException("ephemeral key must be 32 bytes, got " + m.ephemeralKey().length);
    }
    checkNonce(m.nonce());
    if (m.ciphertext().length < TAG_BYTES) {
      throw new E2eException(
          "ciphertext must be at least "
              + TAG_BYTES
              + " bytes (the tag), got "
              + m.ciphertext().length);
    }
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int off = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, off, p.length);
      off += p.length;
    }
    return out;
  }
}
