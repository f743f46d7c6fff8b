package io.lattice.gov;

import io.lattice.proto.gov.v1.Params;
import io.lattice.proto.gov.v1.TallyResult;
import io.lattice.proto.gov.v1.Vote;
import io.lattice.proto.staking.v1.Delegation;
import io.lattice.proto.staking.v1.Validator;
import io.lattice.runtime.store.KVStore;
import io.lattice.staking.Dec;
import io.lattice.staking.StakingKeeper;
import io.lattice.staking.StakingView;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stake-weighted tally. A voter's weight is the tokens of its delegations to bonded validators (the
 * active set: not jailed, power > 0, within {@code max_validators}); votes of accounts with no such
 * delegation weigh nothing. Validators do not vote on behalf of their delegators.
 */
final class Tally {
  private Tally() {}

  /** How a voting period ended. */
  record Outcome(boolean passed, boolean vetoed, String reason) {}

  static TallyResult of(KVStore s, StakingView staking, List<Vote> votes) {
    Map<String, Validator> bonded = new TreeMap<>();
    BigInteger total = BigInteger.ZERO;
    for (Map.Entry<Validator, Long> e : staking.activeSet(s)) {
      bonded.put(e.getKey().getOperatorAddress(), e.getKey());
      total = total.add(new BigInteger(e.getKey().getTokens()));
    }
    BigInteger yes = BigInteger.ZERO;
    BigInteger abstain = BigInteger.ZERO;
    BigInteger no = BigInteger.ZERO;
    BigInteger veto = BigInteger.ZERO;
    for (Vote v : votes) {
      BigInteger weight = weight(s, staking, bonded, v.getVoter());
      switch (v.getOption()) {
        case VOTE_OPTION_YES -> yes = yes.add(weight);
        case VOTE_OPTION_ABSTAIN -> abstain = abstain.add(weight);
        case VOTE_OPTION_NO -> no = no.add(weight);
        case VOTE_OPTION_NO_WITH_VETO -> veto = veto.add(weight);
        default -> throw new IllegalStateException("stored vote with option " + v.getOption());
      }
    }
    return TallyResult.newBuilder()
        .setYes(yes.toString())
        .setAbstain(abstain.toString())
        .setNo(no.toString())
        .setNoWithVeto(veto.toString())
        .setTotalBonded(total.toString())
        .build();
  }

  /** The tokens of {@code voter}'s delegations to bonded validators. */
  static BigInteger weight(
      KVStore s, StakingView staking, Map<String, Validator> bonded, String voter) {
    BigInteger w = BigInteger.ZERO;
    for (Delegation d : staking.delegationsOf(s, voter)) {
      Validator v = bonded.get(d.getValidatorAddress());
      if (v != null) {
        w = w.add(StakingKeeper.tokensOfShares(v, new BigInteger(d.getShares())));
      }
    }
    return w;
  }

  /**
   * Cosmos rules: quorum over total bonded; then a veto share above {@code veto_threshold} of all
   * votes rejects and burns; all abstaining rejects; else passes when YES / (YES + NO + VETO) >
   * {@code threshold}. Comparisons are exact (integer cross-multiplication).
   */
  static Outcome decide(TallyResult t, Params p) {
    BigInteger yes = new BigInteger(t.getYes());
    BigInteger abstain = new BigInteger(t.getAbstain());
    BigInteger no = new BigInteger(t.getNo());
    BigInteger veto = new BigInteger(t.getNoWithVeto());
    BigInteger total = new BigInteger(t.getTotalBonded());
    BigInteger voted = yes.add(abstain).add(no).add(veto);
    if (total.signum() == 0) {
      return new Outcome(false, false, "no bonded stake");
    }
    Dec quorum = Dec.parse(p.getQuorum(), "quorum");
    if (voted.multiply(Dec.SCALE).compareTo(quorum.units().multiply(total)) < 0) {
      return new Outcome(
          false,
          false,
          "quorum not met: "
              + voted
              + " of "
              + total
              + " bonded tokens voted (quorum "
              + quorum
              + ")");
    }
    Dec vetoThreshold = Dec.parse(p.getVetoThreshold(), "veto_threshold");
    if (veto.multiply(Dec.SCALE).compareTo(vetoThreshold.units().multiply(voted)) > 0) {
      return new Outcome(
          false,
          true,
          "vetoed: "
              + veto
              + " of "
              + voted
              + " voted tokens (veto threshold "
              + vetoThreshold
              + ")");
    }
    BigInteger decisive = yes.add(no).add(veto);
    if (decisive.signum() == 0) {
      return new Outcome(false, false, "every voter abstained");
    }
    Dec threshold = Dec.parse(p.getThreshold(), "threshold");
    if (yes.multiply(Dec.SCALE).compareTo(threshold.units().multiply(decisive)) > 0) {
      return new Outcome(true, false, "passed: " + yes + " yes of " + decisive + " non-abstaining");
    }
    return new Outcome(
        false,
        false,
        "threshold not reached: " + yes + " yes of " + decisive + " (threshold " + threshold + ")");
  }
}
