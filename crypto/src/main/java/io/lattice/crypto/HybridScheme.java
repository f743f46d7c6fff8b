package io.lattice.crypto;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Hybrid: ed25519 and ML-DSA-65 over the same message; valid only when both verify. Encodings are
 * plain concatenations, classical part first:
 *
 * <ul>
 *   <li>public key: 32-byte ed25519 key ‖ 1952-byte ML-DSA-65 key (1984 bytes);
 *   <li>signature: 64-byte ed25519 signature ‖ 3309-byte ML-DSA-65 signature (3373 bytes);
 *   <li>private key: 32-byte ed25519 seed ‖ 32-byte ML-DSA-65 seed ξ (64 bytes).
 * </ul>
 */
final class HybridScheme implements SignatureScheme {
  static final HybridScheme INSTANCE = new HybridScheme();
  static final int CLASSICAL_KEY_LENGTH = Ed25519Scheme.PUBLIC_KEY_LENGTH;
  static final int PUBLIC_KEY_LENGTH = CLASSICAL_KEY_LENGTH + MlDsaScheme.ML_DSA_65.publicKeyLength;
  static final int SIGNATURE_LENGTH =
      Ed25519Scheme.SIGNATURE_LENGTH + MlDsaScheme.ML_DSA_65.signatureLength;
  static final int PRIVATE_KEY_LENGTH = Ed25519Scheme.SEED_LENGTH + MlDsaScheme.SEED_LENGTH;

  private HybridScheme() {}

  @Override
  public KeyAlgorithm algorithm() {
    return KeyAlgorithm.HYBRID;
  }

  @Override
  public KeyVerifier parsePublicKey(byte[] raw) throws CryptoException {
    if (raw.length != PUBLIC_KEY_LENGTH) {
      throw SignatureScheme.wrongLength(
          "hybrid public key (ed25519 32 + ml-dsa-65 1952)", PUBLIC_KEY_LENGTH, raw.length);
    }
    KeyVerifier classical;
    KeyVerifier postQuantum;
    try {
      classical =
          Ed25519Scheme.INSTANCE.parsePublicKey(Arrays.copyOfRange(raw, 0, CLASSICAL_KEY_LENGTH));
    } catch (CryptoException e) {
      throw new CryptoException("hybrid public key, ed25519 part: " + e.getMessage(), e);
    }
    try {
      postQuantum =
          MlDsaScheme.ML_DSA_65.parsePublicKey(
              Arrays.copyOfRange(raw, CLASSICAL_KEY_LENGTH, raw.length));
    } catch (CryptoException e) {
      throw new CryptoException("hybrid public key, ml-dsa-65 part: " + e.getMessage(), e);
    }
    return verifierFor(classical, postQuantum);
  }

  private static KeyVerifier verifierFor(KeyVerifier classical, KeyVerifier postQuantum) {
    return (message, signature) -> {
      if (signature.length != SIGNATURE_LENGTH) {
        return false;
      }
      byte[] ed = Arrays.copyOfRange(signature, 0, Ed25519Scheme.SIGNATURE_LENGTH);
      byte[] pq = Arrays.copyOfRange(signature, Ed25519Scheme.SIGNATURE_LENGTH, signature.length);
      // Both halves are always checked (no short-circuit on the classical result).
      boolean edOk = classical.verify(message, ed);
      boolean pqOk = postQuantum.verify(message, pq);
      return edOk && pqOk;
    };
  }

  @Override
  public PrivateKeySigner generate(SecureRandom random) {
    return new Key(
        (Ed25519Scheme.Key) Ed25519Scheme.INSTANCE.generate(random),
        MlDsaScheme.ML_DSA_65.generate(random));
  }

  @Override
  public PrivateKeySigner fromPrivateKey(byte[] encoding) throws CryptoException {
    if (encoding.length != PRIVATE_KEY_LENGTH) {
      throw SignatureScheme.wrongLength(
          "hybrid private key (ed25519 seed 32 + ml-dsa-65 seed 32)",
          PRIVATE_KEY_LENGTH,
          encoding.length);
    }
    return new Key(
        (Ed25519Scheme.Key)
            Ed25519Scheme.INSTANCE.fromPrivateKey(
                Arrays.copyOfRange(encoding, 0, Ed25519Scheme.SEED_LENGTH)),
        MlDsaScheme.ML_DSA_65.fromPrivateKey(
            Arrays.copyOfRange(encoding, Ed25519Scheme.SEED_LENGTH, encoding.length)));
  }

  /** A hybrid signing key: an ed25519 key and an ML-DSA-65 key. */
  static final class Key implements PrivateKeySigner {
    private final PrivateKeySigner classical;
    private final PrivateKeySigner postQuantum;
    private final PublicKey publicKey;

    Key(Ed25519Scheme.Key classical, PrivateKeySigner postQuantum) {
      this.classical = classical;
      this.postQuantum = postQuantum;
      byte[] encoded = concat(classical.publicKey().encoded(), postQuantum.publicKey().encoded());
      PublicKey edKey = classical.publicKey();
      PublicKey pqKey = postQuantum.publicKey();
      this.publicKey =
          PublicKey.trusted(
              KeyAlgorithm.HYBRID, encoded, verifierFor(edKey::verify, pqKey::verify));
    }

    @Override
    public PublicKey publicKey() {
      return publicKey;
    }

    @Override
    public byte[] sign(byte[] message) {
      return concat(classical.sign(message), postQuantum.sign(message));
    }

    @Override
    public byte[] privateKey() {
      return concat(classical.privateKey(), postQuantum.privateKey());
    }

    @Override
    public String toString() {
      return "hybrid signer " + publicKey.address();
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
