package io.lattice.consensus.tendermint;

import com.google.protobuf.ByteString;
import io.lattice.crypto.Address;
import io.lattice.proto.consensus.v1.Vote;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The votes of one type (prevote or precommit) at one (height, round): at most one per validator,
 * tallied by voting power per block id (the empty hash is nil). Votes must have been verified
 * ({@link MessageCheck}) before they are added.
 */
public final class VoteSet {
  /** What {@link #add} did with a vote. */
  public sealed interface AddResult {
    /** Counted. */
    record Added() implements AddResult {}

    /** The validator's identical vote (same block id) is already counted. */
    record Duplicate() implements AddResult {}

    /**
     * The validator already voted for another block id: evidence. Counted for this block id (not in
     * the total) up to {@link #MAX_VOTES_PER_VALIDATOR} votes per validator.
     */
    record Conflict(Vote existing) implements AddResult {}
  }

  /**
   * Most different votes of one validator counted at one (height, round, type). An equivocating
   * validator's votes count for each block id it voted for, as in the paper (a Byzantine validator
   * may send different votes to different nodes, and gossip brings both to everyone); the bound
   * limits the memory it can make others spend.
   */
  public static final int MAX_VOTES_PER_VALIDATOR = 3;

  private final ValidatorSet validators;
  private final Map<Address, Vote> votes = new LinkedHashMap<>();
  private final Map<ByteString, Map<Address, Vote>> byBlock = new HashMap<>();
  private final Map<Address, Integer> votesOf = new HashMap<>();
  private final Map<ByteString, Long> powerByBlock = new HashMap<>();
  private long total;

  public VoteSet(ValidatorSet validators) {
    this.validators = validators;
  }

  /**
   * Counts {@code vote}: once per validator in the total, once per validator and block id in that
   * block id's tally.
   *
   * @throws IllegalArgumentException when the voter is not in the set (the caller checks first)
   */
  public AddResult add(Vote vote) {
    Address voter = MessageCheck.address(vote.getValidatorAddress());
    long power = validators.power(voter);
    if (power == 0) {
      throw new IllegalArgumentException(voter + " is not a validator");
    }
    ByteString block = vote.getBlockId().getHash();
    Map<Address, Vote> forBlock = byBlock.get(block);
    if (forBlock != null && forBlock.containsKey(voter)) {
      return new AddResult.Duplicate();
    }
    Vote existing = votes.get(voter);
    int count = votesOf.getOrDefault(voter, 0);
    if (count < MAX_VOTES_PER_VALIDATOR) {
      votesOf.put(voter, count + 1);
      byBlock.computeIfAbsent(block, k -> new LinkedHashMap<>()).put(voter, vote);
      powerByBlock.merge(block, power, Long::sum);
    }
    if (existing != null) {
      return new AddResult.Conflict(existing);
    }
    votes.put(voter, vote);
    total += power;
    return new AddResult.Added();
  }

  /** Power of the validators that voted, each once, for any block id or nil. */
  public long totalPower() {
    return total;
  }

  /** Power of the votes for {@code blockHash} (the empty hash = nil). */
  public long power(ByteString blockHash) {
    return powerByBlock.getOrDefault(blockHash, 0L);
  }

  /** True when votes for anything hold +2/3 of the power ("2f+1 ⟨·, h, r, ∗⟩"). */
  public boolean hasQuorumAny() {
    return validators.isQuorum(total);
  }

  /** True when votes for {@code blockHash} hold +2/3 of the power (nil: the empty hash). */
  public boolean hasQuorumFor(ByteString blockHash) {
    return validators.isQuorum(power(blockHash));
  }

  /** The block id (or nil, the empty hash) holding +2/3 of the power, if one does. */
  public Optional<ByteString> majority() {
    for (Map.Entry<ByteString, Long> e : powerByBlock.entrySet()) {
      if (validators.isQuorum(e.getValue())) {
        return Optional.of(e.getKey());
      }
    }
    return Optional.empty();
  }

  /** The first vote counted of {@code validator}. */
  public Optional<Vote> vote(Address validator) {
    return Optional.ofNullable(votes.get(validator));
  }

  /** The vote of {@code validator} for {@code blockHash} (nil: the empty hash), if counted. */
  public Optional<Vote> vote(Address validator, ByteString blockHash) {
    Map<Address, Vote> forBlock = byBlock.get(blockHash);
    return forBlock == null ? Optional.empty() : Optional.ofNullable(forBlock.get(validator));
  }

  public int size() {
    return votes.size();
  }
}
