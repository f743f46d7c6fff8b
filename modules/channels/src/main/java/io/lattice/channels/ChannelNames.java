package io.lattice.channels;

import io.lattice.runtime.module.TxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Channel name rules: 3–48 characters of {@code [a-z0-9_-]} starting with a letter. Names are
 * compared case-insensitively: a name given with upper-case letters is folded to lower case, which
 * is the form stored and keyed.
 */
public final class ChannelNames {
  public static final int MIN_LENGTH = 3;
  public static final int MAX_LENGTH = 48;

  private static final Pattern VALID = Pattern.compile("[a-z][a-z0-9_-]{2,47}");

  private ChannelNames() {}

  /**
   * The canonical (lower-case) form of {@code name}.
   *
   * @throws TxException CODE_INVALID_NAME naming the rule {@code name} breaks
   */
  public static String canonical(String name, String field) throws TxException {
    if (name.isEmpty()) {
      throw invalid(field + ": channel name is missing");
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.length() < MIN_LENGTH || lower.length() > MAX_LENGTH) {
      throw invalid(
          field
              + ": channel name '"
              + name
              + "' must be "
              + MIN_LENGTH
              + "-"
              + MAX_LENGTH
              + " characters, has "
              + lower.length());
    }
    if (!VALID.matcher(lower).matches()) {
      throw invalid(
          field
              + ": channel name '"
              + name
              + "' must start with a letter and use only a-z, 0-9, '_' and '-'");
    }
    return lower;
  }

  private static TxException invalid(String reason) {
    return new TxException(ChannelsKeeper.NAME, ChannelsKeeper.CODE_INVALID_NAME, reason);
  }
}
