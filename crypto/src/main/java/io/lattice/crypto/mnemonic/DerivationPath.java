package io.lattice.crypto.mnemonic;

import java.util.ArrayList;
import java.util.List;

/**
 * A SLIP-10 derivation path of hardened segments only, such as {@code m/44'/9000'/0'/0'/0'}.
 *
 * <p>{@link #indices()} holds each segment's number without the hardened bit (0 ≤ n < 2^31). A
 * segment is marked hardened by {@code '}, {@code h} or {@code H}; ed25519 has no non-hardened
 * derivation (SLIP-10), so an unmarked segment is an error rather than silently hardened.
 */
public record DerivationPath(List<Integer> indices) {
  /** Lattice's coin type in the BIP-44 layout {@code m/44'/coin'/account'/change'/index'}. */
  public static final int LATTICE_COIN_TYPE = 9000;

  /** The default account key of a Lattice keyring: {@code m/44'/9000'/0'/0'/0'}. */
  public static final DerivationPath LATTICE_DEFAULT = account(0, 0);

  public DerivationPath {
    indices = List.copyOf(indices);
    for (int index : indices) {
      if (index < 0) {
        throw new IllegalArgumentException("derivation index " + index + " is negative");
      }
    }
  }

  /** {@code m/44'/9000'/account'/0'/index'}. */
  public static DerivationPath account(int account, int index) {
    return new DerivationPath(List.of(44, LATTICE_COIN_TYPE, account, 0, index));
  }

  /**
   * Parses {@code m/a'/b'/...}.
   *
   * @throws MnemonicException naming the offending segment: missing {@code m}, empty, not a number,
   *     out of range or not hardened
   */
  public static DerivationPath parse(String path) throws MnemonicException {
    String[] parts = path.strip().split("/", -1);
    if (!parts[0].equals("m")) {
      throw new MnemonicException("derivation path '" + path + "' must start with 'm'");
    }
    List<Integer> indices = new ArrayList<>(parts.length - 1);
    for (int i = 1; i < parts.length; i++) {
      String segment = parts[i];
      String where = "segment " + i + " ('" + segment + "') of derivation path '" + path + "'";
      if (segment.isEmpty()) {
        throw new MnemonicException(where + " is empty");
      }
      char last = segment.charAt(segment.length() - 1);
      if (last != '\'' && last != 'h' && last != 'H') {
        throw new MnemonicException(
            where
                + " is not hardened; ed25519 (SLIP-10) supports hardened derivation only,"
                + " write it as "
                + segment
                + "'");
      }
      String digits = segment.substring(0, segment.length() - 1);
      if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new MnemonicException(where + " is not a number");
      }
      long value;
      try {
        value = Long.parseLong(digits);
      } catch (NumberFormatException e) {
        value = Long.MAX_VALUE;
      }
      if (value > Integer.MAX_VALUE) {
        throw new MnemonicException(where + " is out of range (max " + Integer.MAX_VALUE + ")");
      }
      indices.add((int) value);
    }
    return new DerivationPath(indices);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("m");
    for (int index : indices) {
      sb.append('/').append(index).append('\'');
    }
    return sb.toString();
  }
}
