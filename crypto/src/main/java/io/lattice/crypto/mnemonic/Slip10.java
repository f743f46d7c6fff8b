package io.lattice.crypto.mnemonic;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * SLIP-10 private key derivation for ed25519 (hardened children only).
 *
 * <p>Master: {@code I = HMAC-SHA512(key = "ed25519 seed", data = seed)}, key = I[0..32), chain code
 * = I[32..64). Child i (hardened): {@code I = HMAC-SHA512(key = chainCode, data = 0x00 || key ||
 * ser32(i + 2^31))}. The resulting 32-byte key is the ed25519 private key (RFC 8032 seed).
 */
public final class Slip10 {
  private static final byte[] ED25519_CURVE = "ed25519 seed".getBytes(StandardCharsets.US_ASCII);
  private static final int HARDENED = 0x8000_0000;

  private Slip10() {}

  /** An extended private key: the 32-byte key and its 32-byte chain code. */
  public static final class ExtendedKey {
    private final byte[] privateKey;
    private final byte[] chainCode;

    ExtendedKey(byte[] privateKey, byte[] chainCode) {
      this.privateKey = privateKey.clone();
      this.chainCode = chainCode.clone();
    }

    public byte[] privateKey() {
      return privateKey.clone();
    }

    public byte[] chainCode() {
      return chainCode.clone();
    }

    /** The hardened child {@code index'} (0 ≤ index < 2^31). */
    public ExtendedKey child(int index) {
      if (index < 0) {
        throw new IllegalArgumentException("derivation index " + index + " is negative");
      }
      byte[] data = new byte[1 + 32 + 4];
      System.arraycopy(privateKey, 0, data, 1, 32);
      int i = index | HARDENED;
      data[33] = (byte) (i >>> 24);
      data[34] = (byte) (i >>> 16);
      data[35] = (byte) (i >>> 8);
      data[36] = (byte) i;
      byte[] out = hmacSha512(chainCode, data);
      Arrays.fill(data, (byte) 0);
      return split(out);
    }

    /** Does not reveal key material. */
    @Override
    public String toString() {
      return "ExtendedKey[ed25519]";
    }
  }

  /**
   * The master key of a seed (16 to 64 bytes, normally a 64-byte BIP-39 seed).
   *
   * @throws MnemonicException when the seed length is outside 16..64 bytes
   */
  public static ExtendedKey master(byte[] seed) throws MnemonicException {
    if (seed.length < 16 || seed.length > 64) {
      throw new MnemonicException("SLIP-10 seed must be 16 to 64 bytes, got " + seed.length);
    }
    return split(hmacSha512(ED25519_CURVE, seed));
  }

  /** The extended key at {@code path} below the master key of {@code seed}. */
  public static ExtendedKey derive(byte[] seed, DerivationPath path) throws MnemonicException {
    ExtendedKey key = master(seed);
    for (int index : path.indices()) {
      key = key.child(index);
    }
    return key;
  }

  /** The 32-byte ed25519 private key (RFC 8032 seed) at {@code path}. */
  public static byte[] ed25519PrivateKey(byte[] seed, DerivationPath path)
      throws MnemonicException {
    return derive(seed, path).privateKey();
  }

  private static ExtendedKey split(byte[] i) {
    ExtendedKey key = new ExtendedKey(Arrays.copyOfRange(i, 0, 32), Arrays.copyOfRange(i, 32, 64));
    Arrays.fill(i, (byte) 0);
    return key;
  }

  private static byte[] hmacSha512(byte[] key, byte[] data) {
    HMac mac = new HMac(new SHA512Digest());
    mac.init(new KeyParameter(key));
    mac.update(data, 0, data.length);
    byte[] out = new byte[64];
    mac.doFinal(out, 0);
    return out;
  }
}
