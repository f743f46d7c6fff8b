package io.lattice.consensus.privval;

import io.lattice.common.Hex;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last message a validator signed: its (height, round, step), sign bytes and signature. This is
 * the content of {@code priv_validator_state.json}:
 *
 * <pre>{@code
 * {"height": 10, "round": 0, "step": 3, "sign_bytes": "<hex>", "signature": "<hex>"}
 * }</pre>
 *
 * <p>A fresh validator has height 0, step {@link SignStep#NONE} and empty bytes.
 */
public record LastSignState(
    long height, int round, SignStep step, byte[] signBytes, byte[] signature) {
  public static final LastSignState INITIAL =
      new LastSignState(0, 0, SignStep.NONE, new byte[0], new byte[0]);

  public LastSignState {
    if (height < 0 || round < 0) {
      throw new IllegalArgumentException(
          "height and round must not be negative, got " + height + "/" + round);
    }
    if ((step == SignStep.NONE) != (signature.length == 0)) {
      throw new IllegalArgumentException(
          "a signature is stored exactly when something was signed (step " + step + ")");
    }
    signBytes = signBytes.clone();
    signature = signature.clone();
  }

  @Override
  public byte[] signBytes() {
    return signBytes.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /** Compares (height, round, step) lexicographically with the given position. */
  public int compareTo(long h, int r, SignStep s) {
    int c = Long.compare(height, h);
    if (c == 0) {
      c = Integer.compare(round, r);
    }
    if (c == 0) {
      c = Integer.compare(step.code(), s.code());
    }
    return c;
  }

  /** {@code height/round/step}, as error messages name it. */
  public String position() {
    return height + "/" + round + "/" + step;
  }

  public byte[] toJson() {
    String json =
        "{\n  \"height\": "
            + height
            + ",\n  \"round\": "
            + round
            + ",\n  \"step\": "
            + step.code()
            + ",\n  \"sign_bytes\": \""
            + Hex.encode(signBytes)
            + "\",\n  \"signature\": \""
            + Hex.encode(signature)
            + "\"\n}\n";
    return json.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Parses the state file content.
   *
   * @throws IllegalArgumentException naming the missing, unknown or malformed field
   */
  public static LastSignState fromJson(byte[] content) {
    Map<String, String> fields = parseFlatObject(new String(content, StandardCharsets.UTF_8));
    for (String key : fields.keySet()) {
      if (!Arrays.asList("height", "round", "step", "sign_bytes", "signature").contains(key)) {
        throw new IllegalArgumentException("unknown field '" + key + "'");
      }
    }
    long height = number(fields, "height");
    long round = number(fields, "round");
    if (round > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("round " + round + " is out of range");
    }
    long step = number(fields, "step");
    if (step > 3) {
      throw new IllegalArgumentException("step " + step + " is out of range 0..3");
    }
    return new LastSignState(
        height,
        (int) round,
        SignStep.fromCode((int) step),
        hex(fields, "sign_bytes"),
        hex(fields, "signature"));
  }

  private static long number(Map<String, String> fields, String key) {
    String v = required(fields, key);
    if (!v.matches("0|[1-9][0-9]{0,18}")) {
      throw new IllegalArgumentException("field '" + key + "' is not a non-negative integer: " + v);
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("field '" + key + "' is out of range: " + v, e);
    }
  }

  private static byte[] hex(Map<String, String> fields, String key) {
    String v = required(fields, key);
    if (!v.startsWith("\"")) {
      throw new IllegalArgumentException("field '" + key + "' must be a hex string");
    }
    try {
      return Hex.decode(v.substring(1));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("field '" + key + "' is not hex: " + e.getMessage(), e);
    }
  }

  private static String required(Map<String, String> fields, String key) {
    String v = fields.get(key);
    if (v == null) {
      throw new IllegalArgumentException("field '" + key + "' is missing");
    }
    return v;
  }

  /**
   * A JSON object whose values are non-negative integers or strings without escapes (the only
   * values this file holds). String values are returned with a leading {@code "} marker.
   */
  private static Map<String, String> parseFlatObject(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    int[] pos = {0};
    skipSpace(text, pos);
    expect(text, pos, '{');
    skipSpace(text, pos);
    if (peek(text, pos) == '}') {
      pos[0]++;
    } else {
      while (true) {
        skipSpace(text, pos);
        String key = string(text, pos);
        skipSpace(text, pos);
        expect(text, pos, ':');
        skipSpace(text, pos);
        String value;
        if (peek(text, pos) == '"') {
          value = "\"" + string(text, pos);
        } else {
          int start = pos[0];
          while (pos[0] < text.length() && Character.isDigit(text.charAt(pos[0]))) {
            pos[0]++;
          }
          value = text.substring(start, pos[0]);
          if (value.isEmpty()) {
            throw new IllegalArgumentException("value of '" + key + "' is not a number or string");
          }
        }
        if (out.put(key, value) != null) {
          throw new IllegalArgumentException("field '" + key + "' appears twice");
        }
        skipSpace(text, pos);
        char c = peek(text, pos);
        pos[0]++;
        if (c == '}') {
          break;
        }
        if (c != ',') {
          throw new IllegalArgumentException("expected ',' or '}' at offset " + (pos[0] - 1));
        }
      }
    }
    skipSpace(text, pos);
    if (pos[0] != text.length()) {
      throw new IllegalArgumentException("unexpected content after the object at " + pos[0]);
    }
    return out;
  }

  private static String string(String text, int[] pos) {
    expect(text, pos, '"');
    int end = text.indexOf('"', pos[0]);
    if (end < 0) {
      throw new IllegalArgumentException("unterminated string at offset " + pos[0]);
    }
    String s = text.substring(pos[0], end);
    if (s.indexOf('\\') >= 0) {
      throw new IllegalArgumentException("escapes are not expected in '" + s + "'");
    }
    pos[0] = end + 1;
    return s;
  }

  private static char peek(String text, int[] pos) {
    if (pos[0] >= text.length()) {
      throw new IllegalArgumentException("unexpected end of the state file");
    }
    return text.charAt(pos[0]);
  }

  private static void expect(String text, int[] pos, char c) {
    if (peek(text, pos) != c) {
      throw new IllegalArgumentException(
          "expected '" + c + "' at offset " + pos[0] + ", found '" + text.charAt(pos[0]) + "'");
    }
    pos[0]++;
  }

  private static void skipSpace(String text, int[] pos) {
    while (pos[0] < text.length() && Character.isWhitespace(text.charAt(pos[0]))) {
      pos[0]++;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LastSignState s
        && height == s.height
        && round == s.round
        && step == s.step
        && Arrays.equals(signBytes, s.signBytes)
        && Arrays.equals(signature, s.signature);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(height) * 31 + Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    return "LastSignState[" + position() + ", signature " + Hex.encode(signature) + "]";
  }
}
