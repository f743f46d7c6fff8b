package io.lattice.gov;

import com.fasterxml.jackson.databind.JsonNode;
import io.lattice.proto.gov.v1.Params;
import io.lattice.runtime.module.TxException;
import io.lattice.runtime.tx.Coins;
import io.lattice.staking.Dec;
import io.lattice.staking.ProtoJson;

/** Gov's own params: defaults, reading and validation. */
public final class GovParams {
  private GovParams() {}

  static final String PATH = "gov.params";

  /** The longest deposit or voting period (one year). */
  public static final long MAX_PERIOD_SECONDS = 365L * 24 * 3600;

  public static final Params DEFAULT =
      Params.newBuilder()
          .addMinDeposit(Coins.coin("ulat", 10_000_000))
          .setMaxDepositPeriodSeconds(2L * 24 * 3600)
          .setVotingPeriodSeconds(2L * 24 * 3600)
          .setQuorum("0.334")
          .setThreshold("0.5")
          .setVetoThreshold("0.334")
          .build();

  /**
   * Reads a params object (the shape {@code GovModule.params} writes: an absent field is zero, as
   * that form omits zero values) and validates it.
   *
   * @throws IllegalArgumentException naming the unknown or invalid field
   */
  public static Params read(JsonNode json) {
    Params p = ProtoJson.read(json, Params.newBuilder(), PATH).build();
    check(p);
    return p;
  }

  /**
   * @throws IllegalArgumentException naming the invalid field
   */
  public static void check(Params p) {
    try {
      Coins.validate(p.getMinDepositList(), PATH + ".min_deposit", false);
    } catch (TxException e) {
      throw new IllegalArgumentException(e.reason(), e);
    }
    if (p.getMaxDepositPeriodSeconds() <= 0
        || p.getMaxDepositPeriodSeconds() > MAX_PERIOD_SECONDS) {
      throw new IllegalArgumentException(
          PATH + ".max_deposit_period_seconds must be 1.." + MAX_PERIOD_SECONDS);
    }
    if (p.getVotingPeriodSeconds() <= 0 || p.getVotingPeriodSeconds() > MAX_PERIOD_SECONDS) {
      throw new IllegalArgumentException(
          PATH + ".voting_period_seconds must be 1.." + MAX_PERIOD_SECONDS);
    }
    fraction(p.getQuorum(), "quorum");
    Dec threshold = fraction(p.getThreshold(), "threshold");
    if (threshold.compareTo(Dec.ONE) >= 0) {
      throw new IllegalArgumentException(
          PATH + ".threshold must be < 1 (a share strictly above it passes)");
    }
    fraction(p.getVetoThreshold(), "veto_threshold");
  }

  /** A decimal in (0, 1]. */
  private static Dec fraction(String text, String field) {
    Dec d = Dec.parse(text, PATH + "." + field);
    if (d.isZero() || d.compareTo(Dec.ONE) > 0) {
      throw new IllegalArgumentException(PATH + "." + field + " must be in (0, 1], got " + text);
    }
    return d;
  }
}
