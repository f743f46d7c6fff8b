package io.lattice.crypto.keyring;

import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.Salsa20Engine;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * scrypt (RFC 7914, section 6) without the RFC's {@code n < 2^(128 r / 8)} restriction.
 *
 * <p>BouncyCastle and OpenSSL enforce that restriction, but keystores written by Ethereum clients
 * do not: the published Web3 Secret Storage scrypt vector itself uses n = 2^18 with r = 1. The
 * function is otherwise the RFC's: PBKDF2-HMAC-SHA256 expansion, ROMix with BlockMix over Salsa20/8
 * on each of the p blocks, PBKDF2-HMAC-SHA256 compression.
 */
final class Scrypt {
  private Scrypt() {}

  static byte[] derive(byte[] password, byte[] salt, int n, int r, int p, int dkLen) {
    int blockBytes = 128 * r;
    byte[] b = pbkdf2(password, salt, p * blockBytes);
    int blockWords = 32 * r;
    int[] x = new int[blockWords];
    int[] v = new int[n * blockWords];
    int[] scratch = new int[blockWords];
    int[] t = new int[16];
    int[] out = new int[16];
    try {
      for (int i = 0; i < p; i++) {
        int offset = i * blockBytes;
        for (int w = 0; w < blockWords; w++) {
          x[w] = littleEndian(b, offset + 4 * w);
        }
        roMix(x, v, scratch, t, out, n, r);
        for (int w = 0; w < blockWords; w++) {
          putLittleEndian(x[w], b, offset + 4 * w);
        }
      }
      return pbkdf2(password, b, dkLen);
    } finally {
      Arrays.fill(b, (byte) 0);
      Arrays.fill(x, 0);
      Arrays.fill(v, 0);
      Arrays.fill(scratch, 0);
    }
  }

  private static void roMix(int[] x, int[] v, int[] scratch, int[] t, int[] out, int n, int r) {
    int blockWords = x.length;
    for (int i = 0; i < n; i++) {
      System.arraycopy(x, 0, v, i * blockWords, blockWords);
      blockMix(x, scratch, t, out, r);
    }
    for (int i = 0; i < n; i++) {
      // Integerify: the first word of the last 64-byte block, little-endian; n is a power of two.
      int j = x[(2 * r - 1) * 16] & (n - 1);
      int base = j * blockWords;
      for (int w = 0; w < blockWords; w++) {
        x[w] ^= v[base + w];
      }
      blockMix(x, scratch, t, out, r);
    }
  }

  /** BlockMix_{Salsa20/8, r} in place; {@code y} is scratch space of the same size. */
  private static void blockMix(int[] b, int[] y, int[] t, int[] out, int r) {
    System.arraycopy(b, (2 * r - 1) * 16, out, 0, 16);
    for (int i = 0; i < 2 * r; i++) {
      for (int w = 0; w < 16; w++) {
        t[w] = out[w] ^ b[i * 16 + w];
      }
      Salsa20Engine.salsaCore(8, t, out);
      // Even blocks go to the first half, odd blocks to the second.
      int dest = (i % 2 == 0 ? i / 2 : r + i / 2) * 16;
      System.arraycopy(out, 0, y, dest, 16);
    }
    System.arraycopy(y, 0, b, 0, b.length);
  }

  private static byte[] pbkdf2(byte[] password, byte[] salt, int length) {
    PKCS5S2ParametersGenerator gen = new PKCS5S2ParametersGenerator(new SHA256Digest());
    gen.init(password, salt, 1);
    return ((KeyParameter) gen.generateDerivedParameters(length * 8)).getKey();
  }

  private static int littleEndian(byte[] b, int off) {
    return (b[off] & 0xff)
        | (b[off + 1] & 0xff) << 8
        | (b[off + 2] & 0xff) << 16
        | (b[off + 3] & 0xff) << 24;
  }

  private static void putLittleEndian(int value, byte[] b, int off) {
    b[off] = (byte) value;
    b[off + 1] = (byte) (value >>> 8);
    b[off + 2] = (byte) (value >>> 16);
    b[off + 3] = (byte) (value >>> 24);
  }
}
