package io.lattice.crypto;

import java.math.BigInteger;
import java.util.Optional;

/** A strict DER reader for ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }. */
final class StrictDer {
  private StrictDer() {}

  /** {r, s} when {@code der} is exactly one canonical DER signature, else empty. */
  static Optional<BigInteger[]> parseSignature(byte[] der) {
    int[] pos = {0};
    if (der.length < 2 || der[0] != 0x30) {
      return Optional.empty();
    }
    pos[0] = 1;
    int seqLen = readLength(der, pos);
    if (seqLen < 0 || pos[0] + seqLen != der.length) {
      return Optional.empty();
    }
    BigInteger r = readInteger(der, pos);
    if (r == null) {
      return Optional.empty();
    }
    BigInteger s = readInteger(der, pos);
    if (s == null || pos[0] != der.length) {
      return Optional.empty();
    }
    return Optional.of(new BigInteger[] {r, s});
  }

  private static int readLength(byte[] der, int[] pos) {
    if (pos[0] >= der.length) {
      return -1;
    }
    int first = der[pos[0]++] & 0xff;
    if (first < 0x80) {
      return first;
    }
    int count = first & 0x7f;
    if (count == 0 || count > 2 || pos[0] + count > der.length) {
      return -1;
    }
    int len = 0;
    for (int i = 0; i < count; i++) {
      len = (len << 8) | (der[pos[0]++] & 0xff);
    }
    // DER: long form only when needed, and without leading zero bytes.
    if (len < 0x80 || (count == 2 && len < 0x100)) {
      return -1;
    }
    return len;
  }

  private static BigInteger readInteger(byte[] der, int[] pos) {
    if (pos[0] >= der.length || der[pos[0]++] != 0x02) {
      return null;
    }
    int len = readLength(der, pos);
    if (len <= 0 || pos[0] + len > der.length) {
      return null;
    }
    int start = pos[0];
    pos[0] += len;
    if ((der[start] & 0x80) != 0) {
      return null; // negative
    }
    if (len > 1 && der[start] == 0 && (der[start + 1] & 0x80) == 0) {
      return null; // non-minimal
    }
    byte[] value = new byte[len];
    System.arraycopy(der, start, value, 0, len);
    return new BigInteger(1, value);
  }
}
