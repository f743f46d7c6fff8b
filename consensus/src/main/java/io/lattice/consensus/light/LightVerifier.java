package io.lattice.consensus.light;

import io.lattice.common.Hex;
import io.lattice.consensus.block.BlockHashes;
import io.lattice.consensus.block.Votes;
import io.lattice.proto.consensus.v1.LightBlock;
import io.lattice.proto.types.v1.Header;
import io.lattice.proto.types.v1.ValidatorSet;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Arrays;

/**
 * Verifies an untrusted light block against a trusted one (CometBFT {@code light/verifier.go}).
 * Pure functions: the caller supplies the clock reading {@code now}. A {@link LightBlock} pairs a
 * signed header with the validator set that signed it.
 */
public final class LightVerifier {
  private LightVerifier() {}

  /** Adjacent or skipping verification, whichever the heights call for. */
  public static LightVerification verify(
      LightBlock trusted, LightBlock untrusted, Instant now, LightOptions options) {
    return height(untrusted) == height(trusted) + 1
        ? verifyAdjacent(trusted, untrusted, now, options)
        : verifyNonAdjacent(trusted, untrusted, now, options);
  }

  /**
   * Verifies the header at trusted height + 1: it is well formed and after the trusted one, its
   * validator set is the one the trusted header named as next, and more than 2/3 of that set's
   * power signed its commit.
   */
  public static LightVerification verifyAdjacent(
      LightBlock trusted, LightBlock untrusted, Instant now, LightOptions options) {
    Header th = trusted.getSignedHeader().getHeader();
    Header uh = untrusted.getSignedHeader().getHeader();
    if (uh.getHeight() != th.getHeight() + 1) {
      return fail(
          LightVerification.Reason.NOT_ADJACENT,
          "header " + uh.getHeight() + " is not adjacent to trusted header " + th.getHeight());
    }
    LightVerification v = checkNewHeader(trusted, untrusted, now, options);
    if (v != null) {
      return v;
    }
    byte[] next = th.getNextValidatorsHash().toByteArray();
    byte[] actual = uh.getValidatorsHash().toByteArray();
    if (!Arrays.equals(next, actual)) {
      return fail(
          LightVerification.Reason.NEXT_VALIDATORS_MISMATCH,
          "header "
              + uh.getHeight()
              + " names validators "
              + Hex.encode(actual)
              + ", trusted header "
              + th.getHeight()
              + " named "
              + Hex.encode(next)
              + " as next");
    }
    return checkOwnCommit(th.getChainId(), untrusted);
  }

  /**
   * Skipping verification of a header above trusted height + 1: it is well formed and after the
   * trusted one, more than the trust level of the <em>trusted</em> set's power signed its commit,
   * and more than 2/3 of its own set's power did.
   */
  public static LightVerification verifyNonAdjacent(
      LightBlock trusted, LightBlock untrusted, Instant now, LightOptions options) {
    Header th = trusted.getSignedHeader().getHeader();
    Header uh = untrusted.getSignedHeader().getHeader();
    if (uh.getHeight() == th.getHeight() + 1) {
      return fail(
          LightVerification.Reason.ADJACENT,
          "header "
              + uh.getHeight()
              + " is adjacent to trusted header "
              + th.getHeight()
              + "; use adjacent verification");
    }
    LightVerification v = checkNewHeader(trusted, untrusted, now, options);
    if (v != null) {
      return v;
    }
    CommitTally.Result t =
        CommitTally.tally(
            th.getChainId(),
            trusted.getValidatorSet(),
            untrusted.getSignedHeader().getCommit(),
            true);
    if (t.error().isPresent()) {
      return fail(
          LightVerification.Reason.INVALID_COMMIT_SIGNATURE,
          "commit of header " + uh.getHeight() + ": " + t.error().get());
    }
    TrustLevel level = options.trustLevel();
    // signed / total > numerator / denominator, in exact integer arithmetic
    BigInteger lhs =
        BigInteger.valueOf(t.signed()).multiply(BigInteger.valueOf(level.denominator()));
    BigInteger rhs = BigInteger.valueOf(t.total()).multiply(BigInteger.valueOf(level.numerator()));
    if (t.total() == 0 || lhs.compareTo(rhs) <= 0) {
      return fail(
          LightVerification.Reason.INSUFFICIENT_TRUSTED_POWER,
          "insufficient trusted power: "
              + t.signed()
              + " of "
              + t.total()
              + " ("
              + fraction(t.signed(), t.total())
              + ") of the validators trusted at height "
              + th.getHeight()
              + " signed header "
              + uh.getHeight()
              + ", more than "
              + level
              + " is required; verify intermediate headers (bisection)");
    }
    return checkOwnCommit(th.getChainId(), untrusted);
  }

  /** Whether {@code trusted} is past its trusting period at {@code now}. */
  public static boolean expired(LightBlock trusted, Instant now, LightOptions options) {
    Instant time = Votes.instant(trusted.getSignedHeader().getHeader().getTime());
    return !time.plus(options.trustingPeriod()).isAfter(now);
  }

  private static LightVerification checkNewHeader(
      LightBlock trusted, LightBlock untrusted, Instant now, LightOptions options) {
    Header th = trusted.getSignedHeader().getHeader();
    Header uh = untrusted.getSignedHeader().getHeader();
    if (expired(trusted, now, options)) {
      return fail(
          LightVerification.Reason.EXPIRED,
          "trusted header "
              + th.getHeight()
              + " from "
              + Votes.instant(th.getTime())
              + " expired at "
              + Votes.instant(th.getTime()).plus(options.trustingPeriod())
              + " (now "
              + now
              + ")");
    }
    if (!uh.getChainId().equals(th.getChainId())) {
      return fail(
          LightVerification.Reason.WRONG_CHAIN_ID,
          "header "
              + uh.getHeight()
              + " is for chain "
              + uh.getChainId()
              + ", expected "
              + th.getChainId());
    }
    var commit = untrusted.getSignedHeader().getCommit();
    byte[] hash = BlockHashes.header(uh);
    if (commit.getHeight() != uh.getHeight()
        || !Arrays.equals(commit.getBlockId().getHash().toByteArray(), hash)) {
      return fail(
          LightVerification.Reason.COMMIT_MISMATCH,
          "commit for height "
              + commit.getHeight()
              + " block "
              + Hex.encode(commit.getBlockId().getHash().toByteArray())
              + " does not decide header "
              + uh.getHeight()
              + " ("
              + Hex.encode(hash)
              + ")");
    }
    if (uh.getHeight() <= th.getHeight()) {
      return fail(
          LightVerification.Reason.NON_INCREASING_HEIGHT,
          "header height " + uh.getHeight() + " is not above trusted height " + th.getHeight());
    }
    Instant trustedTime = Votes.instant(th.getTime());
    Instant time = Votes.instant(uh.getTime());
    if (!time.isAfter(trustedTime)) {
      return fail(
          LightVerification.Reason.NON_INCREASING_TIME,
          "header "
              + uh.getHeight()
              + " time "
              + time
              + " is not after trusted header time "
              + trustedTime);
    }
    Instant limit = now.plus(options.maxClockDrift());
    if (!time.isBefore(limit)) {
      return fail(
          LightVerification.Reason.FROM_FUTURE,
          "header "
              + uh.getHeight()
              + " time "
              + time
              + " is beyond now "
              + now
              + " plus the allowed drift "
              + options.maxClockDrift());
    }
    ValidatorSet vals = untrusted.getValidatorSet();
    byte[] valsHash = BlockHashes.validators(vals);
    if (!Arrays.equals(valsHash, uh.getValidatorsHash().toByteArray())) {
      return fail(
          LightVerification.Reason.VALIDATORS_HASH_MISMATCH,
          "validator set hashes to "
              + Hex.encode(valsHash)
              + ", header "
              + uh.getHeight()
              + " names "
              + Hex.encode(uh.getValidatorsHash().toByteArray()));
    }
    return null;
  }

  /** More than 2/3 of the untrusted block's own validator set signed its commit. */
  private static LightVerification checkOwnCommit(String chainId, LightBlock untrusted) {
    long height = height(untrusted);
    CommitTally.Result t =
        CommitTally.tally(
            chainId, untrusted.getValidatorSet(), untrusted.getSignedHeader().getCommit(), false);
    if (t.error().isPresent()) {
      return fail(
          LightVerification.Reason.INVALID_COMMIT_SIGNATURE,
          "commit of header " + height + ": " + t.error().get());
    }
    if (t.total() == 0 || t.signed() * 3 <= t.total() * 2) {
      return fail(
          LightVerification.Reason.INSUFFICIENT_POWER,
          "commit of header "
              + height
              + " carries "
              + t.signed()
              + " of "
              + t.total()
              + " voting power ("
              + fraction(t.signed(), t.total())
              + "), more than 2/3 is required");
    }
    return new LightVerification.Verified();
  }

  static long height(LightBlock b) {
    return b.getSignedHeader().getHeader().getHeight();
  }

  private static String fraction(long part, long total) {
    if (total == 0) {
      return "0";
    }
    return BigDecimal.valueOf(part)
        .divide(BigDecimal.valueOf(total), 2, RoundingMode.DOWN)
        .stripTrailingZeros()
        .toPlainString();
  }

  private static LightVerification fail(LightVerification.Reason reason, String message) {
    return new LightVerification.Failed(reason, message);
  }
}
