package io.lattice.consensus.tendermint;

import io.lattice.consensus.block.Votes;
import io.lattice.crypto.Address;
import io.lattice.proto.consensus.v1.Vote;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The prevotes and precommits of every round of one height, the validators heard from per round
 * (for the round-skip rule, spec line 55) and the "for the first time" flags of lines 34, 36, 47.
 */
final class RoundVotes {
  private final ValidatorSet validators;
  private final Map<Integer, VoteSet> prevotes = new HashMap<>();
  private final Map<Integer, VoteSet> precommits = new HashMap<>();
  private final Map<Integer, Set<Address>> voters = new HashMap<>();
  private final Map<Integer, Long> voterPower = new HashMap<>();
  private final SortedSet<Integer> rounds = new TreeSet<>();
  private final Set<String> fired = new HashSet<>();

  RoundVotes(ValidatorSet validators) {
    this.validators = validators;
  }

  VoteSet.AddResult add(Vote v) {
    int r = v.getRound();
    VoteSet set =
        (v.getType() == Votes.PREVOTE ? prevotes : precommits)
            .computeIfAbsent(r, k -> new VoteSet(validators));
    VoteSet.AddResult result = set.add(v);
    if (result instanceof VoteSet.AddResult.Added) {
      rounds.add(r);
      Address a = MessageCheck.address(v.getValidatorAddress());
      if (voters.computeIfAbsent(r, k -> new HashSet<>()).add(a)) {
        voterPower.merge(r, validators.power(a), Long::sum);
      }
    }
    return result;
  }

  VoteSet prevotes(int round) {
    return prevotes.computeIfAbsent(round, k -> new VoteSet(validators));
  }

  VoteSet precommits(int round) {
    return precommits.computeIfAbsent(round, k -> new VoteSet(validators));
  }

  /** Rounds with at least one vote, ascending. */
  SortedSet<Integer> rounds() {
    return rounds;
  }

  /** Power of the distinct validators that voted (anything) in {@code round}. */
  long voterPower(int round) {
    return voterPower.getOrDefault(round, 0L);
  }

  /** True the first time it is called for ({@code rule}, {@code round}). */
  boolean firstTime(String rule, int round) {
    return fired.add(rule + "/" + round);
  }
}
