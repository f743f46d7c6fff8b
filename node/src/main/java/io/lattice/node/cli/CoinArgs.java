package io.lattice.node.cli;

import io.lattice.proto.tx.v1.Coin;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses coin arguments such as {@code 1000ulat} or {@code 5ulat,7uatom}. */
final class CoinArgs {
  private static final Pattern COIN =
      Pattern.compile("^([0-9]+)([a-zA-Z][a-zA-Z0-9/:._-]{2,127})$");

  private CoinArgs() {}

  /**
   * Coins sorted by denom; every amount positive, no denom twice.
   *
   * @throws CliException (bad input) naming {@code what} and the offending part
   */
  static List<Coin> parse(String text, String what) throws CliException {
    if (text == null || text.isBlank()) {
      throw CliException.badInput(what + " is empty; expected e.g. 1000ulat");
    }
    TreeMap<String, String> byDenom = new TreeMap<>();
    for (String part : text.split(",", -1)) {
      String p = part.trim();
      Matcher m = COIN.matcher(p);
      if (!m.matches()) {
        throw CliException.badInput(
            what + ": '" + p + "' is not an amount with a denom, e.g. 1000ulat");
      }
      String amount = m.group(1).replaceFirst("^0+(?=.)", "");
      if (amount.equals("0")) {
        throw CliException.badInput(what + ": amount of " + m.group(2) + " must be positive");
      }
      if (byDenom.put(m.group(2), amount) != null) {
        throw CliException.badInput(what + ": denom " + m.group(2) + " appears twice");
      }
    }
    List<Coin> coins = new ArrayList<>();
    byDenom.forEach((d, a) -> coins.add(Coin.newBuilder().setDenom(d).setAmount(a).build()));
    return coins;
  }

  private static final Pattern PRICE =
      Pattern.compile("^([0-9]+(?:\\.[0-9]+)?)([a-zA-Z][a-zA-Z0-9/:._-]{2,127})$");

  /** The fee for {@code gas} units at {@code price} (e.g. {@code 0.01ulat}), rounded up. */
  static List<Coin> feeFromGasPrice(String price, long gas) throws CliException {
    Matcher m = PRICE.matcher(price == null ? "" : price.trim());
    if (!m.matches()) {
      throw CliException.badInput(
          "--gas-prices: '" + price + "' is not a price with a denom, e.g. 0.01ulat");
    }
    BigInteger amount =
        new BigDecimal(m.group(1))
            .multiply(BigDecimal.valueOf(gas))
            .setScale(0, RoundingMode.CEILING)
            .toBigIntegerExact();
    if (amount.signum() == 0) {
      return List.of();
    }
    return List.of(Coin.newBuilder().setDenom(m.group(2)).setAmount(amount.toString()).build());
  }

  /**
   * The fee of a transaction command: {@code --fees} as given, or {@code --gas-prices} times the
   * positive {@code --gas}, or none; giving both is an error.
   */
  static List<Coin> fee(String fees, String gasPrices, long gas) throws CliException {
    if (gas <= 0) {
      throw CliException.badInput("--gas must be positive, got " + gas);
    }
    if (fees != null && gasPrices != null) {
      throw CliException.badInput("give either --fees or --gas-prices, not both");
    }
    return fees != null
        ? parse(fees, "--fees")
        : gasPrices != null ? feeFromGasPrice(gasPrices, gas) : List.of();
  }

  static String format(List<Coin> coins) {
    StringBuilder sb = new StringBuilder();
    for (Coin c : coins) {
      if (!sb.isEmpty()) {
        sb.append(',');
      }
      sb.append(c.getAmount()).append(c.getDenom());
    }
    return sb.isEmpty() ? "none" : sb.toString();
  }
}
