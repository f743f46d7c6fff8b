package io.lattice.crypto;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.pqc.crypto.falcon.FalconKeyGenerationParameters;
import org.bouncycastle.pqc.crypto.falcon.FalconKeyPairGenerator;
import org.bouncycastle.pqc.crypto.falcon.FalconParameters;
import org.bouncycastle.pqc.crypto.falcon.FalconPrivateKeyParameters;
import org.bouncycastle.pqc.crypto.falcon.FalconPublicKeyParameters;
import org.bouncycastle.pqc.crypto.falcon.FalconSigner;

/**
 * Falcon-512 and Falcon-1024 (round-3 specification, as in BouncyCastle). Encodings are those of
 * the Falcon specification:
 *
 * <ul>
 *   <li>public key: header {@code 0x00 + log2 n} then h, 14 bits per coefficient (each &lt; q =
 *       12289): 897 / 1793 bytes;
 *   <li>signature: header {@code 0x30 + log2 n}, 40-byte nonce, compressed s2 (variable length, at
 *       most 666 / 1280 bytes in total);
 *   <li>private key (Lattice): the Falcon private key encoding (header {@code 0x50 + log2 n}, f, g,
 *       F) immediately followed by the public key encoding, 2178 / 4098 bytes — Falcon cannot
 *       cheaply recompute h from (f, g) here, so the keyring stores both.
 * </ul>
 *
 * Signing draws fresh randomness from a {@link SecureRandom} for each signature, as Falcon
 * requires.
 */
final class FalconScheme implements SignatureScheme {
  static final FalconScheme FALCON_512 =
      new FalconScheme(KeyAlgorithm.FALCON_512, FalconParameters.falcon_512, 9, 666);
  static final FalconScheme FALCON_1024 =
      new FalconScheme(KeyAlgorithm.FALCON_1024, FalconParameters.falcon_1024, 10, 1280);
  private static final int Q = 12289;

  private final KeyAlgorithm algorithm;
  private final FalconParameters parameters;
  private final int logN;
  private final int n;
  final int publicKeyLength;
  final int maxSignatureLength;
  private final int fgLength;
  private final int bigFLength;
  final int privateKeyLength;

  private FalconScheme(
      KeyAlgorithm algorithm, FalconParameters parameters, int logN, int maxSignatureLength) {
    this.algorithm = algorithm;
    this.parameters = parameters;
    this.logN = logN;
    this.n = 1 << logN;
    this.publicKeyLength = 1 + n * 14 / 8;
    this.maxSignatureLength = maxSignatureLength;
    int fgBits = logN == 9 ? 6 : 5;
    this.fgLength = n * fgBits / 8;
    this.bigFLength = n;
    this.privateKeyLength = 1 + 2 * fgLength + bigFLength + publicKeyLength;
  }

  @Override
  public KeyAlgorithm algorithm() {
    return algorithm;
  }

  @Override
  public KeyVerifier parsePublicKey(byte[] raw) throws CryptoException {
    return verifierFor(new FalconPublicKeyParameters(parameters, checkPublicKey(raw)));
  }

  /** Validates the encoding and returns h without its header. */
  private byte[] checkPublicKey(byte[] raw) throws CryptoException {
    if (raw.length != publicKeyLength) {
      throw SignatureScheme.wrongLength(
          algorithm.id() + " public key", publicKeyLength, raw.length);
    }
    if (raw[0] != logN) {
      throw new CryptoException(
          algorithm.id()
              + " public key header must be 0x"
              + String.format("%02x", logN)
              + ", got 0x"
              + String.format("%02x", raw[0]));
    }
    int acc = 0;
    int bits = 0;
    int coefficient = 0;
    for (int i = 1; i < raw.length; i++) {
      acc = (acc << 8) | (raw[i] & 0xff);
      bits += 8;
      if (bits >= 14) {
        bits -= 14;
        int value = (acc >>> bits) & 0x3fff;
        if (value >= Q) {
          throw new CryptoException(
              algorithm.id()
                  + " public key coefficient "
                  + coefficient
                  + " is "
                  + value
                  + ", not below q = "
                  + Q);
        }
        coefficient++;
      }
    }
    return Arrays.copyOfRange(raw, 1, raw.length);
  }

  private KeyVerifier verifierFor(FalconPublicKeyParameters key) {
    return (message, signature) -> {
      if (signature.length < 2 || signature.length > maxSignatureLength) {
        return false;
      }
      if (signature[0] != 0x30 + logN) {
        return false;
      }
      FalconSigner verifier = new FalconSigner();
      verifier.init(false, key);
      return verifier.verifySignature(message, signature);
    };
  }

  @Override
  public PrivateKeySigner generate(SecureRandom random) {
    FalconKeyPairGenerator generator = new FalconKeyPairGenerator();
    generator.init(new FalconKeyGenerationParameters(random, parameters));
    FalconPrivateKeyParameters key =
        (FalconPrivateKeyParameters) generator.generateKeyPair().getPrivate();
    return new Key(key, random);
  }

  @Override
  public PrivateKeySigner fromPrivateKey(byte[] encoding) throws CryptoException {
    if (encoding.length != privateKeyLength) {
      throw SignatureScheme.wrongLength(
          algorithm.id() + " private key (private key encoding || public key encoding)",
          privateKeyLength,
          encoding.length);
    }
    if (encoding[0] != 0x50 + logN) {
      throw new CryptoException(
          algorithm.id()
              + " private key header must be 0x"
              + String.format("%02x", 0x50 + logN)
              + ", got 0x"
              + String.format("%02x", encoding[0]));
    }
    int off = 1;
    byte[] f = Arrays.copyOfRange(encoding, off, off += fgLength);
    byte[] g = Arrays.copyOfRange(encoding, off, off += fgLength);
    byte[] bigF = Arrays.copyOfRange(encoding, off, off += bigFLength);
    byte[] h = checkPublicKey(Arrays.copyOfRange(encoding, off, encoding.length));
    Key key =
        new Key(new FalconPrivateKeyParameters(parameters, f, g, bigF, h), new SecureRandom());
    byte[] probe = "lattice falcon key check".getBytes(StandardCharsets.UTF_8);
    if (!key.publicKey().verify(probe, key.sign(probe))) {
      throw new CryptoException(
          algorithm.id() + " private key does not match the public key stored with it");
    }
    return key;
  }

  /** A Falcon signing key. */
  final class Key implements PrivateKeySigner {
    private final FalconPrivateKeyParameters params;
    private final SecureRandom random;
    private final PublicKey publicKey;

    Key(FalconPrivateKeyParameters params, SecureRandom random) {
      this.params = params;
      this.random = random;
      byte[] h = params.getPublicKey();
      byte[] encoded = new byte[publicKeyLength];
      encoded[0] = (byte) logN;
      System.arraycopy(h, 0, encoded, 1, h.length);
      this.publicKey =
          PublicKey.trusted(
              algorithm, encoded, verifierFor(new FalconPublicKeyParameters(parameters, h)));
    }

    @Override
    public PublicKey publicKey() {
      return publicKey;
    }

    @Override
    public byte[] sign(byte[] message) {
      FalconSigner signer = new FalconSigner();
      signer.init(true, new ParametersWithRandom(params, random));
      return signer.generateSignature(message);
    }

    @Override
    public byte[] privateKey() {
      byte[] sk = params.getEncoded();
      byte[] out = new byte[privateKeyLength];
      out[0] = (byte) (0x50 + logN);
      System.arraycopy(sk, 0, out, 1, sk.length);
      byte[] pk = publicKey.encoded();
      System.arraycopy(pk, 0, out, 1 + sk.length, pk.length);
      return out;
    }

    @Override
    public String toString() {
      return algorithm.id() + " signer " + publicKey.address();
    }
  }
}
