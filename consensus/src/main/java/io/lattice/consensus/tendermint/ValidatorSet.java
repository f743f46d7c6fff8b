package io.lattice.consensus.tendermint;

import com.google.protobuf.ByteString;
import io.lattice.consensus.block.BlockHashes;
import io.lattice.crypto.Address;
import io.lattice.crypto.CryptoException;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.PublicKey;
import io.lattice.proto.consensus.v1.ValidatorSetState;
import io.lattice.proto.types.v1.Validator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The validators of one height with their voting power and proposer priorities (immutable).
 *
 * <p>Order is significant: it is the order of the canonical {@code ValidatorSet} encoding hashed
 * into {@code validators_hash} and the order of a commit's signatures. A genesis set keeps the
 * genesis order; {@link #withUpdates} keeps existing validators in place and appends new ones in
 * address order. Proposer selection is in {@link ProposerSelection} (spec "Proposer selection").
 */
public final class ValidatorSet {
  /** One validator: its address (derived from its key), key and voting power. */
  public record Member(Address address, PublicKey key, long power, Validator proto) {}

  /** Total voting power stays below this so that priority arithmetic cannot overflow. */
  public static final long MAX_TOTAL_POWER = Long.MAX_VALUE / 8;

  private final List<Member> members;
  private final long[] priorities;
  private final int proposerIndex;
  private final long totalPower;

  private ValidatorSet(List<Member> members, long[] priorities, int proposerIndex) {
    this.members = List.copyOf(members);
    this.priorities = priorities.clone();
    this.proposerIndex = proposerIndex;
    long total = 0;
    for (Member m : members) {
      total += m.power();
    }
    this.totalPower = total;
  }

  /**
   * The set of the first height from genesis: priorities start at 0 and are incremented once (so
   * the first proposer is the most powerful validator, ties to the lower address).
   *
   * @throws IllegalArgumentException naming the first rule the set breaks (empty, power 0, bad or
   *     duplicate key, address not derived from the key, total power too large)
   */
  public static ValidatorSet genesis(io.lattice.proto.types.v1.ValidatorSet set) {
    List<Member> members = decode(set.getValidatorsList());
    return new ValidatorSet(members, new long[members.size()], 0).incrementPriority(1);
  }

  /** Restores a set persisted with {@link #toState}. */
  public static ValidatorSet fromState(ValidatorSetState state) {
    List<Member> members = decode(state.getValidatorsList());
    if (state.getPrioritiesCount() != members.size()) {
      throw new IllegalArgumentException(
          "validator set state has "
              + state.getPrioritiesCount()
              + " priorities for "
              + members.size()
              + " validators");
    }
    if (state.getProposerIndex() >= members.size()) {
      throw new IllegalArgumentException(
          "proposer index " + state.getProposerIndex() + " out of range");
    }
    long[] p = new long[members.size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = state.getPriorities(i);
    }
    return new ValidatorSet(members, p, state.getProposerIndex());
  }

  private static List<Member> decode(List<Validator> validators) {
    if (validators.isEmpty()) {
      throw new IllegalArgumentException("validator set is empty");
    }
    List<Member> members = new ArrayList<>();
    Set<Address> seen = new HashSet<>();
    long total = 0;
    for (Validator v : validators) {
      Member m = member(v);
      if (m.power() <= 0) {
        throw new IllegalArgumentException(
            "validator " + m.address() + " has voting power " + m.power() + ", must be > 0");
      }
      if (!seen.add(m.address())) {
        throw new IllegalArgumentException("validator " + m.address() + " appears twice");
      }
      total += m.power();
      if (total > MAX_TOTAL_POWER) {
        throw new IllegalArgumentException(
            "total voting power exceeds " + MAX_TOTAL_POWER + " (spec: proposer selection)");
      }
      members.add(m);
    }
    return members;
  }

  private static Member member(Validator v) {
    PublicKey key;
    try {
      key =
          PublicKey.decode(
              KeyAlgorithm.fromId(v.getPubKey().getAlgorithm()),
              v.getPubKey().getKey().toByteArray());
    } catch (CryptoException e) {
      throw new IllegalArgumentException("validator key is invalid: " + e.getMessage(), e);
    }
    Address address = key.address();
    if (!Arrays.equals(address.bytes(), v.getAddress().toByteArray())) {
      throw new IllegalArgumentException(
          "validator address does not match its key, expected " + address);
    }
    return new Member(address, key, v.getVotingPower(), v);
  }

  public ValidatorSetState toState() {
    ValidatorSetState.Builder b = ValidatorSetState.newBuilder().setProposerIndex(proposerIndex);
    for (int i = 0; i < members.size(); i++) {
      b.addValidators(members.get(i).proto()).addPriorities(priorities[i]);
    }
    return b.build();
  }

  /** The canonical encoding hashed into the header (no priorities). */
  public io.lattice.proto.types.v1.ValidatorSet toProto() {
    var b = io.lattice.proto.types.v1.ValidatorSet.newBuilder();
    for (Member m : members) {
      b.addValidators(m.proto());
    }
    return b.build();
  }

  /** {@code validators_hash} / {@code next_validators_hash} of this set. */
  public byte[] hash() {
    return BlockHashes.validators(toProto());
  }

  public List<Member> members() {
    return members;
  }

  public int size() {
    return members.size();
  }

  public long totalPower() {
    return totalPower;
  }

  public long priority(int index) {
    return priorities[index];
  }

  /** Position of {@code address} in the set, or -1. */
  public int indexOf(Address address) {
    for (int i = 0; i < members.size(); i++) {
      if (members.get(i).address().equals(address)) {
        return i;
      }
    }
    return -1;
  }

  public Optional<Member> member(Address address) {
    int i = indexOf(address);
    return i < 0 ? Optional.empty() : Optional.of(members.get(i));
  }

  /** Power of {@code address} or 0 when it is not a validator. */
  public long power(Address address) {
    return member(address).map(Member::power).orElse(0L);
  }

  /** The proposer of round 0 of this set's height: the one chosen by the last increment. */
  public Member proposer() {
    return members.get(proposerIndex);
  }

  /** The proposer of round {@code round} (spec line 12, {@code proposer(h, r)}). */
  public Member proposer(int round) {
    return round == 0 ? proposer() : incrementPriority(round).proposer();
  }

  /** True when {@code power} is more than two thirds of the total (a quorum, "2f+1"). */
  public boolean isQuorum(long power) {
    return power * 3 > totalPower * 2;
  }

  /** True when {@code power} is more than one third of the total ("f+1": one honest at least). */
  public boolean isOneThird(long power) {
    return power * 3 > totalPower;
  }

  /** This set after {@code times} rounds of priority rotation (spec "Proposer selection"). */
  public ValidatorSet incrementPriority(int times) {
    if (times < 0) {
      throw new IllegalArgumentException("cannot increment priorities " + times + " times");
    }
    if (times == 0) {
      return this;
    }
    long[] p = priorities.clone();
    int proposer = ProposerSelection.increment(powers(), addresses(), p, times);
    return new ValidatorSet(members, p, proposer);
  }

  /**
   * The set after the application's changes ({@code Validator} with power 0 removes it, otherwise
   * adds or sets its power), with priorities re-centred and new validators starting at {@code
   * -1.125 * total}. Does not increment: the set of height {@code h + 2} is {@code
   * next.withUpdates(u).incrementPriority(1)}.
   *
   * @throws IllegalArgumentException for a removal of a non-validator, a duplicate change, a bad
   *     key, an empty result or a total above {@link #MAX_TOTAL_POWER}
   */
  public ValidatorSet withUpdates(List<Validator> changes) {
    if (changes.isEmpty()) {
      return this;
    }
    List<Member> next = new ArrayList<>(members);
    List<Long> prio = new ArrayList<>();
    for (long x : priorities) {
      prio.add(x);
    }
    Set<Address> changed = new HashSet<>();
    List<Member> added = new ArrayList<>();
    for (Validator v : changes) {
      Member m = member(v);
      if (!changed.add(m.address())) {
        throw new IllegalArgumentException("validator " + m.address() + " changed twice");
      }
      int i = indexOf(m.address());
      if (m.power() == 0) {
        if (i < 0) {
          throw new IllegalArgumentException("cannot remove " + m.address() + ": not a validator");
        }
        continue;
      }
      if (i >= 0) {
        next.set(i, m);
      } else {
        added.add(m);
      }
    }
    List<Member> kept = new ArrayList<>();
    List<Long> keptPrio = new ArrayList<>();
    for (int i = 0; i < next.size(); i++) {
      Member m = next.get(i);
      boolean removed = false;
      for (Validator v : changes) {
        if (v.getVotingPower() == 0
            && Arrays.equals(v.getAddress().toByteArray(), m.address().bytes())) {
          removed = true;
        }
      }
      if (!removed) {
        kept.add(m);
        keptPrio.add(prio.get(i));
      }
    }
    added.sort((a, b) -> a.address().compareTo(b.address()));
    long total = 0;
    for (Member m : kept) {
      total += m.power();
    }
    for (Member m : added) {
      total += m.power();
      if (total > MAX_TOTAL_POWER) {
        break;
      }
    }
    if (total > MAX_TOTAL_POWER) {
      throw new IllegalArgumentException("total voting power exceeds " + MAX_TOTAL_POWER);
    }
    if (kept.isEmpty() && added.isEmpty()) {
      throw new IllegalArgumentException("validator updates would remove every validator");
    }
    for (Member m : added) {
      kept.add(m);
      keptPrio.add(-(total + (total >> 3)));
    }
    long[] p = new long[kept.size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = keptPrio.get(i);
    }
    long[] powers = new long[kept.size()];
    for (int i = 0; i < powers.length; i++) {
      powers[i] = kept.get(i).power();
    }
    ProposerSelection.rescaleAndCenter(powers, p);
    int proposer = 0;
    Address old = proposer().address();
    for (int i = 0; i < kept.size(); i++) {
      if (kept.get(i).address().equals(old)) {
        proposer = i;
      }
    }
    return new ValidatorSet(kept, p, proposer);
  }

  private long[] powers() {
    long[] out = new long[members.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = members.get(i).power();
    }
    return out;
  }

  private byte[][] addresses() {
    byte[][] out = new byte[members.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = members.get(i).address().bytes();
    }
    return out;
  }

  /** The address bytes of member {@code index}, as commit signatures carry them. */
  ByteString addressBytes(int index) {
    return ByteString.copyFrom(members.get(index).address().bytes());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ValidatorSet other
        && members.equals(other.members)
        && Arrays.equals(priorities, other.priorities)
        && proposerIndex == other.proposerIndex;
  }

  @Override
  public int hashCode() {
    return members.hashCode() * 31 + Arrays.hashCode(priorities);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("ValidatorSet[");
    for (int i = 0; i < members.size(); i++) {
      sb.append(i == 0 ? "" : ", ")
          .append(members.get(i).address())
          .append(" power=")
          .append(members.get(i).power())
          .append(" prio=")
          .append(priorities[i]);
    }
    return sb.append(']').toString();
  }
}
