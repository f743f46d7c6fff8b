package io.lattice.crypto;

import java.security.SecureRandom;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLDSAPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithContext;
import org.bouncycastle.crypto.signers.MLDSASigner;

/**
 * ML-DSA (FIPS 204), pure mode with an empty context string. Public key and signature are the FIPS
 * 204 encodings (pkEncode, sigEncode). The private key is the 32-byte seed ξ of
 * ML-DSA.KeyGen_internal, from which the full key is expanded. Signing uses the deterministic
 * variant (rnd = 0³²), so a key signs a message to the same bytes every time.
 */
final class MlDsaScheme implements SignatureScheme {
  static final MlDsaScheme ML_DSA_44 =
      new MlDsaScheme(KeyAlgorithm.ML_DSA_44, MLDSAParameters.ml_dsa_44, 1312, 2420);
  static final MlDsaScheme ML_DSA_65 =
      new MlDsaScheme(KeyAlgorithm.ML_DSA_65, MLDSAParameters.ml_dsa_65, 1952, 3309);
  static final MlDsaScheme ML_DSA_87 =
      new MlDsaScheme(KeyAlgorithm.ML_DSA_87, MLDSAParameters.ml_dsa_87, 2592, 4627);
  static final int SEED_LENGTH = 32;
  static final int MAX_CONTEXT_LENGTH = 255;

  private final KeyAlgorithm algorithm;
  private final MLDSAParameters parameters;
  final int publicKeyLength;
  final int signatureLength;

  private MlDsaScheme(
      KeyAlgorithm algorithm,
      MLDSAParameters parameters,
      int publicKeyLength,
      int signatureLength) {
    this.algorithm = algorithm;
    this.parameters = parameters;
    this.publicKeyLength = publicKeyLength;
    this.signatureLength = signatureLength;
  }

  @Override
  public KeyAlgorithm algorithm() {
    return algorithm;
  }

  @Override
  public KeyVerifier parsePublicKey(byte[] raw) throws CryptoException {
    if (raw.length != publicKeyLength) {
      throw SignatureScheme.wrongLength(
          algorithm.id() + " public key", publicKeyLength, raw.length);
    }
    return verifierFor(new MLDSAPublicKeyParameters(parameters, raw));
  }

  private KeyVerifier verifierFor(MLDSAPublicKeyParameters key) {
    return (message, signature) -> verify(key, message, signature, new byte[0]);
  }

  /**
   * Verification with an explicit FIPS 204 context string. Lattice signs with the empty context
   * only; this exists so that the published vectors with contexts can be checked too.
   */
  boolean verifyWithContext(byte[] rawPublicKey, byte[] message, byte[] signature, byte[] context)
      throws CryptoException {
    parsePublicKey(rawPublicKey);
    return verify(
        new MLDSAPublicKeyParameters(parameters, rawPublicKey), message, signature, context);
  }

  private boolean verify(
      MLDSAPublicKeyParameters key, byte[] message, byte[] signature, byte[] context) {
    if (signature.length != signatureLength || context.length > MAX_CONTEXT_LENGTH) {
      return false;
    }
    MLDSASigner verifier = new MLDSASigner();
    verifier.init(false, context.length == 0 ? key : new ParametersWithContext(key, context));
    verifier.update(message, 0, message.length);
    return verifier.verifySignature(signature);
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
      throw SignatureScheme.wrongLength(
          algorithm.id() + " private key (seed ξ)", SEED_LENGTH, encoding.length);
    }
    return new Key(encoding.clone());
  }

  /** An ML-DSA signing key expanded from its seed; {@code seed} is owned. */
  final class Key implements PrivateKeySigner {
    private final byte[] seed;
    private final MLDSAPrivateKeyParameters params;
    private final PublicKey publicKey;

    Key(byte[] seed) {
      this.seed = seed;
      this.params = new MLDSAPrivateKeyParameters(parameters, seed);
      MLDSAPublicKeyParameters pub = params.getPublicKeyParameters();
      this.publicKey = PublicKey.trusted(algorithm, pub.getEncoded(), verifierFor(pub));
    }

    @Override
    public PublicKey publicKey() {
      return publicKey;
    }

    @Override
    public byte[] sign(byte[] message) {
      MLDSASigner signer = new MLDSASigner();
      signer.init(true, params);
      signer.update(message, 0, message.length);
      try {
        return signer.generateSignature();
      } catch (org.bouncycastle.crypto.CryptoException e) {
        throw new IllegalStateException(algorithm.id() + " signing failed", e);
      }
    }

    @Override
    public byte[] privateKey() {
      return seed.clone();
    }

    @Override
    public String toString() {
      return algorithm.id() + " signer " + publicKey.address();
    }
  }
}
