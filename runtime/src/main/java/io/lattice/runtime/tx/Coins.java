package io.lattice.runtime.tx;

import io.lattice.proto.tx.v1.Coin;
import io.lattice.runtime.module.TxException;
import java.math.BigInteger;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Validation and arithmetic of coin lists. A well-formed list has valid denoms in strictly
 * ascending order (so no duplicates) and amounts that are canonical decimal strings of positive
 * integers ("0", leading zeros, signs and spaces are rejected).
 */
public final class Coins {
  private static final Pattern DENOM = Pattern.compile("[a-zA-Z][a-zA-Z0-9/:._-]{2,127}");
  private static final Pattern AMOUNT = Pattern.compile("0|[1-9][0-9]{0,77}");

  private Coins() {}

  public static boolean isValidDenom(String denom) {
    return DENOM.matcher(denom).matches();
  }

  /**
   * Parses a canonical non-negative decimal amount.
   *
   * @throws TxException INVALID_COINS naming the bad amount
   */
  public static BigInteger parseAmount(String amount, String what) throws TxException {
    if (!AMOUNT.matcher(amount).matches()) {
      throw Codes.error(
          Codes.INVALID_COINS,
          what
              + ": invalid amount '"
              + amount
              + "' (expected a decimal integer, no leading zeros)");
    }
    return new BigInteger(amount);
  }

  /**
   * Checks a coin list as described above; {@code allowEmpty} for fees, which may be empty.
   *
   * @throws TxException INVALID_COINS naming the first problem, prefixed by {@code what}
   */
  public static void validate(List<Coin> coins, String what, boolean allowEmpty)
      throws TxException {
    if (coins.isEmpty() && !allowEmpty) {
      throw Codes.error(Codes.INVALID_COINS, what + ": no coins");
    }
    String previous = null;
    for (Coin c : coins) {
      if (!isValidDenom(c.getDenom())) {
        throw Codes.error(Codes.INVALID_COINS, what + ": invalid denom '" + c.getDenom() + "'");
      }
      if (previous != null && previous.compareTo(c.getDenom()) >= 0) {
        throw Codes.error(
            Codes.INVALID_COINS,
            what
                + ": denoms must be sorted and unique, '"
                + c.getDenom()
                + "' after '"
                + previous
                + "'");
      }
      if (parseAmount(c.getAmount(), what).signum() == 0) {
        throw Codes.error(Codes.INVALID_COINS, what + ": zero amount of " + c.getDenom());
      }
      previous = c.getDenom();
    }
  }

  /** Amount of {@code denom} in a validated list, zero when absent. */
  public static BigInteger amountOf(List<Coin> coins, String denom) {
    for (Coin c : coins) {
      if (c.getDenom().equals(denom)) {
        return new BigInteger(c.getAmount());
      }
    }
    return BigInteger.ZERO;
  }

  public static Coin coin(String denom, BigInteger amount) {
    return Coin.newBuilder().setDenom(denom).setAmount(amount.toString()).build();
  }

  public static Coin coin(String denom, long amount) {
    return coin(denom, BigInteger.valueOf(amount));
  }

  /** "100ulat,5uatom". */
  public static String format(List<Coin> coins) {
    StringBuilder sb = new StringBuilder();
    for (Coin c : coins) {
      if (!sb.isEmpty()) {
        sb.append(',');
      }
      sb.append(c.getAmount()).append(c.getDenom());
    }
    return sb.toString();
  }
}
