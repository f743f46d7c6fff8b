package io.lattice.distribution;

import io.lattice.staking.Dec;
import java.math.BigInteger;

/**
 * Inflation parameters and the per-block provision (as Cosmos SDK x/mint, with a fixed rate).
 *
 * <p>Each rewarded block mints {@code supply × rate / blocks_per_year} of the reward denom, where
 * {@code supply} is the total supply of that denom at the start of the block. The amount is
 * computed in units of 10⁻¹⁸ token ({@link Dec}): {@code units = floor(supply × rate_units /
 * blocks_per_year) + remainder_units}; the block mints {@code floor(units / 10¹⁸)} tokens and
 * carries {@code units mod 10¹⁸} (less than one token) to the next block. Over a year at constant
 * supply this mints {@code supply × rate} to within one token; only less than 10⁻¹⁸ token per block
 * is lost to the division by {@code blocks_per_year}.
 *
 * @param rate annual inflation, {@code 0 ≤ rate ≤ 1}
 * @param blocksPerYear expected blocks per year, at least 1
 */
public record Inflation(Dec rate, long blocksPerYear) {
  /** 365.25 days of 5-second blocks. */
  public static final long DEFAULT_BLOCKS_PER_YEAR = 6_311_520L;

  public static final Inflation DEFAULT =
      new Inflation(Dec.parse("0.07", "inflation_rate"), DEFAULT_BLOCKS_PER_YEAR);

  /**
   * @throws IllegalArgumentException naming the parameter when {@code rate > 1} or {@code
   *     blocksPerYear < 1}
   */
  public Inflation {
    if (rate.compareTo(Dec.ONE) > 0) {
      throw new IllegalArgumentException("inflation_rate must be <= 1, got " + rate);
    }
    if (blocksPerYear < 1) {
      throw new IllegalArgumentException(
          "blocks_per_year must be at least 1, got " + Long.toUnsignedString(blocksPerYear));
    }
  }

  /** What one block mints and the fraction of a token it carries to the next. */
  public record Provision(BigInteger minted, Dec remainder) {}

  /**
   * The provision of a block at {@code supply}, with {@code remainder} (less than one token)
   * carried from the previous block.
   */
  public Provision provision(BigInteger supply, Dec remainder) {
    BigInteger units =
        supply
            .multiply(rate.units())
            .divide(BigInteger.valueOf(blocksPerYear))
            .add(remainder.units());
    BigInteger[] qr = units.divideAndRemainder(Dec.SCALE);
    return new Provision(qr[0], new Dec(qr[1]));
  }

  /** {@code floor(supply × rate)}: what a year of blocks mints at this supply. */
  public BigInteger annualProvisions(BigInteger supply) {
    return rate.mulTruncate(supply);
  }
}
