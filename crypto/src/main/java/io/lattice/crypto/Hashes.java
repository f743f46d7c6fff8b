package io.lattice.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.crypto.digests.KeccakDigest;

/** SHA-256 (FIPS 180-4) and Keccak-256 (the original Keccak padding Ethereum uses, not SHA3). */
public final class Hashes {
  private static final MessageDigest SHA256_PROTOTYPE = newSha256();

  private Hashes() {}

  public static byte[] sha256(byte[] data) {
    MessageDigest md = sha256Digest();
    return md.digest(data);
  }

  /** SHA-256 of the concatenation of {@code parts}, without building it. */
  public static byte[] sha256(byte[]... parts) {
    MessageDigest md = sha256Digest();
    for (byte[] p : parts) {
      md.update(p);
    }
    return md.digest();
  }

  /** A fresh SHA-256 digest for incremental hashing. */
  public static MessageDigest sha256Digest() {
    try {
      return (MessageDigest) SHA256_PROTOTYPE.clone();
    } catch (CloneNotSupportedException e) {
      return newSha256();
    }
  }

  public static byte[] keccak256(byte[] data) {
    KeccakDigest d = new KeccakDigest(256);
    d.update(data, 0, data.length);
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return out;
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
