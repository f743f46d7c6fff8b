package io.lattice.common;

import java.util.HexFormat;

/** Lower-case hexadecimal encoding; decoding rejects odd lengths and non-hex characters. */
public final class Hex {
  private static final HexFormat FORMAT = HexFormat.of();

  private Hex() {}

  public static String encode(byte[] bytes) {
    return FORMAT.formatHex(bytes);
  }

  /**
   * Decodes hex (either case, optional {@code 0x} prefix).
   *
   * @throws IllegalArgumentException naming the cause (odd length, bad character and position)
   */
  public static byte[] decode(String hex) {
    String s = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
    if (s.length() % 2 != 0) {
      throw new IllegalArgumentException("hex string has odd length " + s.length());
    }
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        throw new IllegalArgumentException(
            "invalid hex character '" + s.charAt(i) + "' at position " + i);
      }
    }
    return FORMAT.parseHex(s);
  }
}
