package io.lattice.crypto;

import java.security.SecureRandom;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Ed25519 (RFC 8032, pure). Public key 32 bytes, signature 64 bytes, private key the 32-byte seed.
 * Public keys must be canonical encodings of points of large order (small-order keys are refused at
 * decode); verification follows RFC 8032 §5.1.7 with S &lt; L enforced.
 */
final class Ed25519Scheme implements SignatureScheme {
  static final Ed25519Scheme INSTANCE = new Ed25519Scheme();
  static final int PUBLIC_KEY_LENGTH = Ed25519.PUBLIC_KEY_SIZE;
  static final int SIGNATURE_LENGTH = Ed25519.SIGNATURE_SIZE;
  static final int SEED_LENGTH = Ed25519.SECRET_KEY_SIZE;

  static {
    Ed25519.precompute();
  }

  private Ed25519Scheme() {}

  @Override
  public KeyAlgorithm algorithm() {
    return KeyAlgorithm.ED25519;
  }

  @Override
  public KeyVerifier parsePublicKey(byte[] raw) throws CryptoException {
    if (raw.length != PUBLIC_KEY_LENGTH) {
      throw SignatureScheme.wrongLength("ed25519 public key", PUBLIC_KEY_LENGTH, raw.length);
    }
    Ed25519.PublicPoint point = Ed25519.validatePublicKeyFullExport(raw, 0);
    if (point == null) {
      throw new CryptoException(
          "ed25519 public key is not a canonical encoding of a curve point of large order");
    }
    return verifierFor(point);
  }

  private static KeyVerifier verifierFor(Ed25519.PublicPoint point) {
    return (message, signature) ->
        signature.length == SIGNATURE_LENGTH
            && Ed25519.verify(signature, 0, point, message, 0, message.length);
  }

  @Override
  public PrivateKeySigner generate(SecureRandom random) {
    byte[] seed = new byte[SEED_LENGTH];
    random.nextBytes(seed);
    return new Key(seed);
  }

  @Override
  public PrivateKeySigner fromPrivateKey(byte[] encoding) throws CryptoException {
    if (encoding.length != SEED_LENGTH) {
      throw SignatureScheme.wrongLength("ed25519 private key (seed)", SEED_LENGTH, encoding.length);
    }
    return new Key(encoding.clone());
  }

  /** An ed25519 signing key; {@code seed} is owned. */
  static final class Key implements PrivateKeySigner {
    private final byte[] seed;
    private final byte[] publicKeyBytes;
    private final PublicKey publicKey;

    Key(byte[] seed) {
      this.seed = seed;
      this.publicKeyBytes = new byte[PUBLIC_KEY_LENGTH];
      Ed25519.generatePublicKey(seed, 0, publicKeyBytes, 0);
      this.publicKey =
          PublicKey.trusted(
              KeyAlgorithm.ED25519,
              publicKeyBytes.clone(),
              verifierFor(Ed25519.generatePublicKey(seed, 0)));
    }

    @Override
    public PublicKey publicKey() {
      return publicKey;
    }

    @Override
    public byte[] sign(byte[] message) {
      byte[] signature = new byte[SIGNATURE_LENGTH];
      Ed25519.sign(seed, 0, publicKeyBytes, 0, message, 0, message.length, signature, 0);
      return signature;
    }

    @Override
    public byte[] privateKey() {
      return seed.clone();
    }

    @Override
    public String toString() {
      return "ed25519 signer " + publicKey.address();
    }
  }
}
