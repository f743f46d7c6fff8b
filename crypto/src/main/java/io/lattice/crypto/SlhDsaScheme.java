package io.lattice.crypto;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.SLHDSAKeyPairGenerator;
import org.bouncycastle.crypto.params.SLHDSAKeyGenerationParameters;
import org.bouncycastle.crypto.params.SLHDSAParameters;
import org.bouncycastle.crypto.params.SLHDSAPrivateKeyParameters;
import org.bouncycastle.crypto.params.SLHDSAPublicKeyParameters;
import org.bouncycastle.crypto.signers.SLHDSASigner;

/**
 * SLH-DSA-SHA2-128f (FIPS 205), pure mode with an empty context. Public key PK.seed‖PK.root (32
 * bytes), private key SK.seed‖SK.prf‖PK.seed‖PK.root (64 bytes), signature 17,088 bytes. Signing is
 * the deterministic variant (opt_rand = PK.seed).
 */
final class SlhDsaScheme implements SignatureScheme {
  static final SlhDsaScheme SHA2_128F =
      new SlhDsaScheme(KeyAlgorithm.SLH_DSA_SHA2_128F, SLHDSAParameters.sha2_128f, 16, 17088);

  private final KeyAlgorithm algorithm;
  private final SLHDSAParameters parameters;
  private final int n;
  final int signatureLength;

  private SlhDsaScheme(
      KeyAlgorithm algorithm, SLHDSAParameters parameters, int n, int signatureLength) {
    this.algorithm = algorithm;
    this.parameters = parameters;
    this.n = n;
    this.signatureLength = signatureLength;
  }

  @Override
  public KeyAlgorithm algorithm() {
    return algorithm;
  }

  @Override
  public KeyVerifier parsePublicKey(byte[] raw) throws CryptoException {
    if (raw.length != 2 * n) {
      throw SignatureScheme.wrongLength(algorithm.id() + " public key", 2 * n, raw.length);
    }
    return verifierFor(new SLHDSAPublicKeyParameters(parameters, raw));
  }

  private KeyVerifier verifierFor(SLHDSAPublicKeyParameters key) {
    return (message, signature) -> {
      if (signature.length != signatureLength) {
        return false;
      }
      SLHDSASigner verifier = new SLHDSASigner();
      verifier.init(false, key);
      return verifier.verifySignature(message, signature);
    };
  }

  @Override
  public PrivateKeySigner generate(SecureRandom random) {
    SLHDSAKeyPairGenerator generator = new SLHDSAKeyPairGenerator();
    generator.init(new SLHDSAKeyGenerationParameters(random, parameters));
    return new Key((SLHDSAPrivateKeyParameters) generator.generateKeyPair().getPrivate());
  }

  @Override
  public PrivateKeySigner fromPrivateKey(byte[] encoding) throws CryptoException {
    if (encoding.length != 4 * n) {
      throw SignatureScheme.wrongLength(algorithm.id() + " private key", 4 * n, encoding.length);
    }
    Key key = new Key(new SLHDSAPrivateKeyParameters(parameters, encoding.clone()));
    byte[] probe = "lattice slh-dsa key check".getBytes(StandardCharsets.UTF_8);
    if (!key.publicKey().verify(probe, key.sign(probe))) {
      throw new CryptoException(
          algorithm.id() + " private key: PK.root does not match SK.seed and PK.seed");
    }
    return key;
  }

  /** An SLH-DSA signing key. */
  final class Key implements PrivateKeySigner {
    private final SLHDSAPrivateKeyParameters params;
    private final PublicKey publicKey;

    Key(SLHDSAPrivateKeyParameters params) {
      this.params = params;
      byte[] pk = params.getEncodedPublicKey();
      this.publicKey =
          PublicKey.trusted(
              algorithm, pk, verifierFor(new SLHDSAPublicKeyParameters(parameters, pk)));
    }

    @Override
    public PublicKey publicKey() {
      return publicKey;
    }

    @Override
    public byte[] sign(byte[] message) {
      SLHDSASigner signer = new SLHDSASigner();
      signer.init(true, params);
      return signer.generateSignature(message);
    }

    @Override
    public byte[] privateKey() {
      return params.getEncoded();
    }

    @Override
    public String toString() {
      return algorithm.id() + " signer " + publicKey.address();
    }
  }
}
