package io.lattice.common;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * Bech32 as specified by BIP-173 (the original constant 1 checksum, not bech32m).
 *
 * <p>{@link #encode}/{@link #decode} work on 8-bit bytes and convert to and from 5-bit groups
 * (padding with zero bits on encode; on decode, at most 4 zero padding bits are accepted). {@link
 * #encodeWords}/{@link #decodeWords} work on the raw 5-bit values. Decoding enforces every BIP-173
 * rule: at most 90 characters, a human-readable part of 1 to 83 characters in the range 33..126, no
 * mixed case, a separator {@code '1'} followed by at least 6 characters from the bech32 alphabet,
 * and a valid checksum. Every rejection is an {@link IllegalArgumentException} whose message names
 * the cause.
 */
public final class Bech32 {
  /** Maximum length of a bech32 string (BIP-173). */
  public static final int MAX_LENGTH = 90;

  private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  private static final byte[] CHARSET_REV = new byte[128];
  private static final int CHECKSUM_LENGTH = 6;

  static {
    Arrays.fill(CHARSET_REV, (byte) -1);
    for (int i = 0; i < CHARSET.length(); i++) {
      CHARSET_REV[CHARSET.charAt(i)] = (byte) i;
      CHARSET_REV[Character.toUpperCase(CHARSET.charAt(i))] = (byte) i;
    }
  }

  private Bech32() {}

  /** A decoded bech32 string: its (lower-case) human-readable part and its payload. */
  public record Decoded(String hrp, byte[] data) {
    public Decoded {
      data = data.clone();
    }

    @Override
    public byte[] data() {
      return data.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Decoded d && hrp.equals(d.hrp) && Arrays.equals(data, d.data);
    }

    @Override
    public int hashCode() {
      return hrp.hashCode() * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
      return "Decoded[hrp=" + hrp + ", data=" + Hex.encode(data) + "]";
    }
  }

  /** Encodes 8-bit bytes under {@code hrp}; the output is all lower case. */
  public static String encode(String hrp, byte[] data) {
    return encodeWords(hrp, convertBits(data, 8, 5, true));
  }

  /** Decodes a bech32 string whose payload is a whole number of 8-bit bytes. */
  public static Decoded decode(String bech) {
    Decoded words = decodeWords(bech);
    return new Decoded(words.hrp(), convertBits(words.data(), 5, 8, false));
  }

  /** Encodes 5-bit values (each 0..31) under {@code hrp}; the output is all lower case. */
  public static String encodeWords(String hrp, byte[] words) {
    checkHrp(hrp);
    if (!hrp.equals(hrp.toLowerCase(Locale.ROOT)) && !hrp.equals(hrp.toUpperCase(Locale.ROOT))) {
      throw new IllegalArgumentException("bech32 human-readable part has mixed case: " + hrp);
    }
    String lowerHrp = hrp.toLowerCase(Locale.ROOT);
    for (int i = 0; i < words.length; i++) {
      if ((words[i] & 0xff) > 31) {
        throw new IllegalArgumentException(
            "bech32 data value " + (words[i] & 0xff) + " at index " + i + " is not 5-bit");
      }
    }
    int length = lowerHrp.length() + 1 + words.length + CHECKSUM_LENGTH;
    if (length > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "bech32 string would be " + length + " characters, more than " + MAX_LENGTH);
    }
    byte[] checksum = checksum(lowerHrp, words);
    StringBuilder sb = new StringBuilder(length).append(lowerHrp).append('1');
    for (byte w : words) {
      sb.append(CHARSET.charAt(w));
    }
    for (byte c : checksum) {
      sb.append(CHARSET.charAt(c));
    }
    return sb.toString();
  }

  /** Decodes a bech32 string into its lower-case human-readable part and 5-bit values. */
  public static Decoded decodeWords(String bech) {
    if (bech.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "bech32 string is " + bech.length() + " characters, more than " + MAX_LENGTH);
    }
    boolean lower = false;
    boolean upper = false;
    for (int i = 0; i < bech.length(); i++) {
      char c = bech.charAt(i);
      if (c < 33 || c > 126) {
        throw new IllegalArgumentException(
            "bech32 character code " + (int) c + " at position " + i + " is out of range 33..126");
      }
      lower |= c >= 'a' && c <= 'z';
      upper |= c >= 'A' && c <= 'Z';
    }
    if (lower && upper) {
      throw new IllegalArgumentException("bech32 string has mixed case");
    }
    int sep = bech.lastIndexOf('1');
    if (sep < 0) {
      throw new IllegalArgumentException("bech32 string has no separator '1'");
    }
    if (sep == 0) {
      throw new IllegalArgumentException("bech32 human-readable part is empty");
    }
    if (bech.length() - sep - 1 < CHECKSUM_LENGTH) {
      throw new IllegalArgumentException(
          "bech32 data part is "
              + (bech.length() - sep - 1)
              + " characters, shorter than the 6-character checksum");
    }
    String hrp = bech.substring(0, sep).toLowerCase(Locale.ROOT);
    checkHrp(hrp);
    byte[] values = new byte[bech.length() - sep - 1];
    for (int i = 0; i < values.length; i++) {
      char c = bech.charAt(sep + 1 + i);
      byte v = CHARSET_REV[c];
      if (v < 0) {
        throw new IllegalArgumentException(
            "invalid bech32 character '" + c + "' at position " + (sep + 1 + i));
      }
      values[i] = v;
    }
    if (polymod(hrp, values) != 1) {
      throw new IllegalArgumentException("bech32 checksum mismatch");
    }
    return new Decoded(hrp, Arrays.copyOf(values, values.length - CHECKSUM_LENGTH));
  }

  /**
   * Regroups bits: {@code from}-bit values into {@code to}-bit values, most significant first.
   * Without {@code pad}, leftover bits must be fewer than {@code from} and all zero.
   */
  public static byte[] convertBits(byte[] in, int from, int to, boolean pad) {
    int acc = 0;
    int bits = 0;
    int maxv = (1 << to) - 1;
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length * from / to + 1);
    for (int i = 0; i < in.length; i++) {
      int value = in[i] & 0xff;
      if ((value >>> from) != 0) {
        throw new IllegalArgumentException(
            "value " + value + " at index " + i + " does not fit in " + from + " bits");
      }
      acc = (acc << from) | value;
      bits += from;
      while (bits >= to) {
        bits -= to;
        out.write((acc >>> bits) & maxv);
      }
    }
    if (pad) {
      if (bits > 0) {
        out.write((acc << (to - bits)) & maxv);
      }
    } else if (bits >= from) {
      throw new IllegalArgumentException("bech32 payload has " + bits + " bits of excess padding");
    } else if (((acc << (to - bits)) & maxv) != 0) {
      throw new IllegalArgumentException("bech32 payload has non-zero padding bits");
    }
    return out.toByteArray();
  }

  private static void checkHrp(String hrp) {
    if (hrp.isEmpty() || hrp.length() > 83) {
      throw new IllegalArgumentException(
          "bech32 human-readable part must be 1 to 83 characters, got " + hrp.length());
    }
    for (int i = 0; i < hrp.length(); i++) {
      char c = hrp.charAt(i);
      if (c < 33 || c > 126) {
        throw new IllegalArgumentException(
            "bech32 human-readable part character code "
                + (int) c
                + " at position "
                + i
                + " is out of range 33..126");
      }
    }
  }

  private static int polymod(String hrp, byte[] values) {
    int chk = 1;
    for (int i = 0; i < hrp.length(); i++) {
      chk = step(chk) ^ (hrp.charAt(i) >>> 5);
    }
    chk = step(chk);
    for (int i = 0; i < hrp.length(); i++) {
      chk = step(chk) ^ (hrp.charAt(i) & 31);
    }
    for (byte v : values) {
      chk = step(chk) ^ v;
    }
    return chk;
  }

  private static int step(int chk) {
    int top = chk >>> 25;
    int c = (chk & 0x1ffffff) << 5;
    if ((top & 1) != 0) {
      c ^= 0x3b6a57b2;
    }
    if ((top & 2) != 0) {
      c ^= 0x26508e6d;
    }
    if ((top & 4) != 0) {
      c ^= 0x1ea119fa;
    }
    if ((top & 8) != 0) {
      c ^= 0x3d4233dd;
    }
    if ((top & 16) != 0) {
      c ^= 0x2a1462b3;
    }
    return c;
  }

  private static byte[] checksum(String hrp, byte[] words) {
    byte[] values = Arrays.copyOf(words, words.length + CHECKSUM_LENGTH);
    int mod = polymod(hrp, values) ^ 1;
    byte[] out = new byte[CHECKSUM_LENGTH];
    for (int i = 0; i < CHECKSUM_LENGTH; i++) {
      out[i] = (byte) ((mod >>> (5 * (5 - i))) & 31);
    }
    return out;
  }
}
