package io.lattice.identity;

import io.lattice.runtime.module.TxException;
import java.util.Locale;

/**
 * Username syntax: 3 to 32 ASCII characters of {@code [A-Za-z0-9_]} starting with a letter.
 * Uniqueness is case-insensitive: names are indexed by their lower-case form and keep the display
 * form the owner registered.
 */
public final class Usernames {
  public static final int MIN_LENGTH = 3;
  public static final int MAX_LENGTH = 32;

  private Usernames() {}

  /** The lower-case form names are indexed by. */
  public static String canonical(String username) {
    return username.toLowerCase(Locale.ROOT);
  }

  /**
   * @throws TxException INVALID_USERNAME naming the rule {@code username} breaks
   */
  public static void check(String username) throws TxException {
    String why = problem(username);
    if (why != null) {
      throw IdentityKeeper.error(IdentityKeeper.CODE_INVALID_USERNAME, why);
    }
  }

  /** Whether {@code username} follows the rules. */
  public static boolean valid(String username) {
    return problem(username) == null;
  }

  private static String problem(String username) {
    int n = username.length();
    if (n < MIN_LENGTH || n > MAX_LENGTH) {
      return "invalid username '"
          + printable(username)
          + "': length "
          + n
          + " is outside "
          + MIN_LENGTH
          + ".."
          + MAX_LENGTH;
    }
    char first = username.charAt(0);
    if (!isAsciiLetter(first)) {
      return "invalid username '" + printable(username) + "': must start with a letter";
    }
    for (int i = 0; i < n; i++) {
      char c = username.charAt(i);
      if (!(isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '_')) {
        return "invalid username '"
            + printable(username)
            + "': character "
            + (i + 1)
            + " is not an ASCII letter, digit or underscore";
      }
    }
    return null;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  /** The name with non-printable characters escaped, for error messages. */
  static String printable(String s) {
    StringBuilder sb = new StringBuilder();
    int limit = Math.min(s.length(), 64);
    for (int i = 0; i < limit; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x7f && c != '\'') {
        sb.append(c);
      } else {
        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      }
    }
    if (s.length() > limit) {
      sb.append("...");
    }
    return sb.toString();
  }
}
