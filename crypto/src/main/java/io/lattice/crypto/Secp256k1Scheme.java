package io.lattice.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;

/**
 * ECDSA over secp256k1 with SHA-256 of the message. Signature: 64 bytes r‖s (big-endian, 32 each),
 * deterministic nonces (RFC 6979, HMAC-SHA256), and low-S only: signing normalises s to s ≤ n/2 and
 * verification rejects s &gt; n/2. Public key: SEC1 compressed (33 bytes, 0x02/0x03) or
 * uncompressed (65 bytes, 0x04); generated keys use the compressed form. Private key: the 32-byte
 * big-endian scalar d, 1 ≤ d &lt; n.
 */
final class Secp256k1Scheme implements SignatureScheme {
  static final Secp256k1Scheme INSTANCE = new Secp256k1Scheme();
  static final int SIGNATURE_LENGTH = 64;
  static final int PRIVATE_KEY_LENGTH = 32;

  private static final X9ECParameters CURVE_PARAMS = CustomNamedCurves.getByName("secp256k1");
  static final ECDomainParameters DOMAIN =
      new ECDomainParameters(
          CURVE_PARAMS.getCurve(), CURVE_PARAMS.getG(), CURVE_PARAMS.getN(), CURVE_PARAMS.getH());
  static final BigInteger N = DOMAIN.getN();
  static final BigInteger HALF_N = N.shiftRight(1);

  private Secp256k1Scheme() {}

  @Override
  public KeyAlgorithm algorithm() {
    return KeyAlgorithm.SECP256K1;
  }

  @Override
  public KeyVerifier parsePublicKey(byte[] raw) throws CryptoException {
    if (raw.length == 33) {
      if (raw[0] != 0x02 && raw[0] != 0x03) {
        throw new CryptoException(
            "secp256k1 compressed public key must start with 0x02 or 0x03, got 0x"
                + String.format("%02x", raw[0]));
      }
    } else if (raw.length == 65) {
      if (raw[0] != 0x04) {
        throw new CryptoException(
            "secp256k1 uncompressed public key must start with 0x04, got 0x"
                + String.format("%02x", raw[0]));
      }
    } else {
      throw new CryptoException(
          "secp256k1 public key must be 33 (compressed) or 65 (uncompressed) bytes, got "
              + raw.length);
    }
    ECPoint point;
    try {
      point = DOMAIN.getCurve().decodePoint(raw);
    } catch (IllegalArgumentException e) {
      throw new CryptoException("secp256k1 public key is not a point on the curve", e);
    }
    if (point.isInfinity() || !point.isValid()) {
      throw new CryptoException("secp256k1 public key is not a valid point on the curve");
    }
    return verifierFor(point.normalize());
  }

  private static KeyVerifier verifierFor(ECPoint point) {
    ECPublicKeyParameters params = new ECPublicKeyParameters(point, DOMAIN);
    return (message, signature) -> {
      if (signature.length != SIGNATURE_LENGTH) {
        return false;
      }
      BigInteger r = BigIntegers.fromUnsignedByteArray(signature, 0, 32);
      BigInteger s = BigIntegers.fromUnsignedByteArray(signature, 32, 32);
      if (r.signum() <= 0 || r.compareTo(N) >= 0 || s.signum() <= 0 || s.compareTo(HALF_N) > 0) {
        return false;
      }
      ECDSASigner verifier = new ECDSASigner();
      verifier.init(false, params);
      return verifier.verifySignature(Hashes.sha256(message), r, s);
    };
  }

  @Override
  public PrivateKeySigner generate(SecureRandom random) {
    byte[] d = new byte[PRIVATE_KEY_LENGTH];
    while (true) {
      random.nextBytes(d);
      BigInteger k = new BigInteger(1, d);
      if (k.signum() > 0 && k.compareTo(N) < 0) {
        return new Key(k);
      }
    }
  }

  @Override
  public PrivateKeySigner fromPrivateKey(byte[] encoding) throws CryptoException {
    if (encoding.length != PRIVATE_KEY_LENGTH) {
      throw SignatureScheme.wrongLength(
          "secp256k1 private key", PRIVATE_KEY_LENGTH, encoding.length);
    }
    BigInteger d = new BigInteger(1, encoding);
    if (d.signum() == 0 || d.compareTo(N) >= 0) {
      throw new CryptoException("secp256k1 private key must be in [1, n-1]");
    }
    return new Key(d);
  }

  /** A secp256k1 signing key. */
  static final class Key implements PrivateKeySigner {
    private final BigInteger d;
    private final ECPrivateKeyParameters params;
    private final PublicKey publicKey;

    Key(BigInteger d) {
      this.d = d;
      this.params = new ECPrivateKeyParameters(d, DOMAIN);
      ECPoint q = new FixedPointCombMultiplier().multiply(DOMAIN.getG(), d).normalize();
      this.publicKey =
          PublicKey.trusted(KeyAlgorithm.SECP256K1, q.getEncoded(true), verifierFor(q));
    }

    @Override
    public PublicKey publicKey() {
      return publicKey;
    }

    @Override
    public byte[] sign(byte[] message) {
      ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
      signer.init(true, params);
      BigInteger[] rs = signer.generateSignature(Hashes.sha256(message));
      BigInteger s = rs[1].compareTo(HALF_N) > 0 ? N.subtract(rs[1]) : rs[1];
      byte[] out = new byte[SIGNATURE_LENGTH];
      BigIntegers.asUnsignedByteArray(rs[0], out, 0, 32);
      BigIntegers.asUnsignedByteArray(s, out, 32, 32);
      return out;
    }

    @Override
    public byte[] privateKey() {
      return BigIntegers.asUnsignedByteArray(PRIVATE_KEY_LENGTH, d);
    }

    @Override
    public String toString() {
      return "secp256k1 signer " + publicKey.address();
    }
  }
}
