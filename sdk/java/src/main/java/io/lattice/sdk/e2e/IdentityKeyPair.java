package io.lattice.sdk.e2e;

import io.lattice.crypto.PrivateKeySigner;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A user's long-term X25519 identity key, the key others seal direct messages to (published on the
 * chat chain as {@code lattice.identity.v1.EncryptionKeys.identity_key}).
 *
 * <p>{@link #derive} makes it a function of the account's signing key (docs/spec/messaging-e2e.md
 * §2), so the same mnemonic restores the same identity in the CLI, this SDK and the browser:
 *
 * <pre>
 *   private = clamp(HKDF-SHA256(salt = utf8(algorithm id), IKM = signing private key encoding,
 *                               info = "lattice-x25519-identity-v1", L = 32))
 *   public  = X25519(private, 9)
 * </pre>
 *
 * {@link #toString()} hides the private key.
 */
public final class IdentityKeyPair {
  public static final byte[] INFO =
      "lattice-x25519-identity-v1".getBytes(StandardCharsets.US_ASCII);

  private final byte[] privateKey;
  private final byte[] publicKey;

  private IdentityKeyPair(byte[] privateKey, byte[] publicKey) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
  }

  /** The identity key of an account's signing key. */
  public static IdentityKeyPair derive(PrivateKeySigner signer) {
    byte[] secret = signer.privateKey();
    try {
      return derive(signer.algorithm().id(), secret);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  /**
   * The identity key of a signing key given by its algorithm id (e.g. {@code "ed25519"}) and its
   * private key encoding (for ed25519, the 32-byte RFC 8032 seed).
   */
  public static IdentityKeyPair derive(String algorithmId, byte[] signingPrivateKey) {
    if (signingPrivateKey == null || signingPrivateKey.length == 0) {
      throw new IllegalArgumentException("signing private key is missing");
    }
    byte[] k =
        X25519.clamp(
            Hkdf.derive(
                algorithmId.getBytes(StandardCharsets.UTF_8),
                signingPrivateKey,
                INFO,
                X25519.KEY_BYTES));
    return fromPrivateKey(k);
  }

  /**
   * An identity key from a 32-byte X25519 private key (stored clamped).
   *
   * @throws IllegalArgumentException when the key is not 32 bytes
   */
  public static IdentityKeyPair fromPrivateKey(byte[] privateKey) {
    if (privateKey == null || privateKey.length != X25519.KEY_BYTES) {
      throw new IllegalArgumentException(
          "X25519 private key must be 32 bytes, got "
              + (privateKey == null ? "none" : String.valueOf(privateKey.length)));
    }
    byte[] k = X25519.clamp(privateKey.clone());
    try {
      return new IdentityKeyPair(k, X25519.publicKey(k));
    } catch (E2eException e) {
      throw new IllegalStateException("X25519 public key of a 32-byte scalar failed", e);
    }
  }

  public byte[] privateKey() {
    return privateKey.clone();
  }

  public byte[] publicKey() {
    return publicKey.clone();
  }

  @Override
  public String toString() {
    return "IdentityKeyPair[public=" + HexFormat.of().formatHex(publicKey) + "]";
  }
}
