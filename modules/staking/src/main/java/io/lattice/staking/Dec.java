package io.lattice.staking;

import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/**
 * A non-negative decimal fraction with 18 decimal places, held as an integer count of 10⁻¹⁸ (as
 * Cosmos {@code LegacyDec}): commission rates, slash fractions, the signed-blocks fraction, the
 * community tax. Text form: {@code "0.05"} or {@code "0.050000000000000000"}; at most 18 decimals,
 * no sign, no exponent. Arithmetic with token amounts truncates toward zero.
 */
public record Dec(BigInteger units) implements Comparable<Dec> {
  public static final int PRECISION = 18;
  public static final BigInteger SCALE = BigInteger.TEN.pow(PRECISION);
  public static final Dec ZERO = new Dec(BigInteger.ZERO);
  public static final Dec ONE = new Dec(SCALE);

  private static final Pattern TEXT = Pattern.compile("(0|[1-9][0-9]{0,30})(\\.[0-9]{1,18})?");

  public Dec {
    if (units.signum() < 0) {
      throw new IllegalArgumentException("decimal must not be negative: " + units);
    }
  }

  /**
   * Parses the text form.
   *
   * @throws IllegalArgumentException naming {@code what} and the bad text
   */
  public static Dec parse(String text, String what) {
    if (text == null || !TEXT.matcher(text).matches()) {
      throw new IllegalArgumentException(
          what + ": '" + text + "' is not a decimal like 0.05 (at most 18 decimals)");
    }
    return new Dec(new java.math.BigDecimal(text).movePointRight(PRECISION).toBigIntegerExact());
  }

  /** {@code numerator / denominator}, truncated. */
  public static Dec ratio(long numerator, long denominator) {
    return new Dec(
        BigInteger.valueOf(numerator).multiply(SCALE).divide(BigInteger.valueOf(denominator)));
  }

  /** {@code floor(amount × this)}. */
  public BigInteger mulTruncate(BigInteger amount) {
    return amount.multiply(units).divide(SCALE);
  }

  /** {@code ceil(amount × this)}. */
  public BigInteger mulCeil(BigInteger amount) {
    BigInteger[] qr = amount.multiply(units).divideAndRemainder(SCALE);
    return qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
  }

  public Dec add(Dec other) {
    return new Dec(units.add(other.units));
  }

  /**
   * @throws IllegalArgumentException when the result would be negative
   */
  public Dec subtract(Dec other) {
    return new Dec(units.subtract(other.units));
  }

  /** {@code |this − other|}. */
  public Dec distance(Dec other) {
    return new Dec(units.subtract(other.units).abs());
  }

  public boolean isZero() {
    return units.signum() == 0;
  }

  @Override
  public int compareTo(Dec o) {
    return units.compareTo(o.units);
  }

  /** The canonical text form with all 18 decimals, e.g. {@code "0.050000000000000000"}. */
  @Override
  public String toString() {
    return new java.math.BigDecimal(units, PRECISION)
        .setScale(PRECISION, RoundingMode.UNNECESSARY)
        .toPlainString();
  }
}
