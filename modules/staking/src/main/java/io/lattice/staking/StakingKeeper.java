package io.lattice.staking;

import io.lattice.bank.BankKeeper;
import io.lattice.bank.BankSender;
import io.lattice.crypto.Address;
import io.lattice.crypto.CryptoException;
import io.lattice.proto.staking.v1.Delegation;
import io.lattice.proto.staking.v1.Params;
import io.lattice.proto.staking.v1.Redelegation;
import io.lattice.proto.staking.v1.RedelegationEntry;
import io.lattice.proto.staking.v1.StakeLock;
import io.lattice.proto.staking.v1.UnbondingDelegation;
import io.lattice.proto.staking.v1.UnbondingEntry;
import io.lattice.proto.staking.v1.Validator;
import io.lattice.proto.staking.v1.ValidatorIndex;
import io.lattice.runtime.module.Context;
import io.lattice.runtime.module.TxException;
import io.lattice.runtime.state.Codec;
import io.lattice.runtime.state.Codecs;
import io.lattice.runtime.state.Codecs.StringPair;
import io.lattice.runtime.state.Item;
import io.lattice.runtime.state.Schema;
import io.lattice.runtime.state.StateMap;
import io.lattice.runtime.store.KVStore;
import io.lattice.runtime.tx.Coins;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Staking state and the operations on it that move tokens (through {@link BankSender}, the least
 * bank right that suffices). State layout: see the module README. Failures are {@link TxException}s
 * of codespace {@value #NAME}; a failing operation may leave partial writes, which the pipeline
 * discards with the message's cache.
 */
public final class StakingKeeper implements StakingView {
  public static final String NAME = "staking";

  public static final int CODE_VALIDATOR_EXISTS = 2;
  public static final int CODE_NO_VALIDATOR = 3;
  public static final int CODE_INVALID_COMMISSION = 4;
  public static final int CODE_NO_DELEGATION = 5;
  public static final int CODE_INSUFFICIENT_SHARES = 6;
  public static final int CODE_BAD_DENOM = 7;
  public static final int CODE_TOO_MANY_ENTRIES = 8;
  public static final int CODE_SELF_REDELEGATION = 9;
  public static final int CODE_TRANSITIVE_REDELEGATION = 10;
  public static final int CODE_SELF_DELEGATION_BELOW_MIN = 11;
  public static final int CODE_PUBKEY_IN_USE = 12;
  public static final int CODE_VALIDATOR_HAS_NO_TOKENS = 13;
  public static final int CODE_COMMISSION_TOO_SOON = 14;
  public static final int CODE_STAKE_LOCKED = 15;
  public static final int CODE_BAD_LOCK = 16;

  /** The longest lock a delegation may carry (10 years of 365 days). */
  public static final long MAX_LOCK_SECONDS = 10L * 365 * 24 * 3600;

  /** The most unexpired locks one delegation may carry (locks with equal unlock times merge). */
  public static final int MAX_LOCKS = 16;

  /** Holds every delegated token (of validators in and out of the active set). */
  public static final String BONDED_POOL = BankKeeper.moduleAddress("bonded_tokens_pool");

  /** Holds the tokens of unbonding entries until they mature. */
  public static final String NOT_BONDED_POOL = BankKeeper.moduleAddress("not_bonded_tokens_pool");

  /**
   * Receives slashed tokens. The bank gives modules no right to burn, so slashed tokens move to
   * this account, which no key controls: they leave circulation but stay in the supply.
   */
  public static final String SLASHED_POOL = BankKeeper.moduleAddress("staking_slashed");

  /** Shares issued per token to the first delegation of a validator. */
  public static final BigInteger SHARES_PER_TOKEN = BigInteger.TEN.pow(18);

  public static final Params DEFAULT_PARAMS =
      Params.newBuilder()
          .setUnbondingTimeSeconds(21L * 24 * 3600)
          .setMaxValidators(100)
          .setBondDenom("ulat")
          .setPowerReduction("1000000")
          .setMaxEntries(7)
          .build();

  static final Codec<String> STRING =
      new Codec<>() {
        @Override
        public byte[] encode(String value) {
          return value.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String decode(byte[] bytes) {
          return new String(bytes, StandardCharsets.UTF_8);
        }
      };

  private static final Schema SCHEMA = new Schema(NAME);
  private static final Item<Params> params =
      SCHEMA.item(1, "params", Codecs.proto(Params.parser()));
  private static final StateMap<String, Validator> validators =
      SCHEMA.map(2, "validators", Codecs.STRING_KEY, Codecs.proto(Validator.parser()));
  private static final StateMap<String, String> byConsensus =
      SCHEMA.map(3, "validators_by_consensus", Codecs.STRING_KEY, STRING);
  private static final StateMap<StringPair, Delegation> delegations =
      SCHEMA.map(4, "delegations", Codecs.STRING_PAIR_KEY, Codecs.proto(Delegation.parser()));
  private static final StateMap<StringPair, UnbondingDelegation> unbondings =
      SCHEMA.map(
          5,
          "unbonding_delegations",
          Codecs.STRING_PAIR_KEY,
          Codecs.proto(UnbondingDelegation.parser()));
  private static final StateMap<StringPair, Redelegation> redelegations =
      SCHEMA.map(6, "redelegations", Codecs.STRING_PAIR_KEY, Codecs.proto(Redelegation.parser()));
  private static final StateMap<String, Long> lastPowers =
      SCHEMA.map(7, "last_validator_powers", Codecs.STRING_KEY, Codecs.UINT64);
  private static final Item<ValidatorIndex> index =
      SCHEMA.item(8, "validator_index", Codecs.proto(ValidatorIndex.parser()));
  private static final Item<Long> nextMaturity = SCHEMA.item(9, "next_maturity", Codecs.UINT64);

  private final BankSender bank;
  private StakingHooks hooks = StakingHooks.NONE;

  public StakingKeeper(BankSender bank) {
    this.bank = bank;
  }

  /** Installs the hooks (once, while composing the app). */
  public void setHooks(StakingHooks hooks) {
    this.hooks = hooks;
  }

  public Schema schema() {
    return SCHEMA;
  }

  /** State key of the staking params. */
  public static byte[] paramsKey() {
    return params.key();
  }

  /** State key of a validator record (for point reads and proofs through the API). */
  public static byte[] validatorKey(String operator) {
    return validators.stateKey(operator);
  }

  /** State key of a delegation record. */
  public static byte[] delegationKey(String delegator, String validator) {
    return delegations.stateKey(new StringPair(delegator, validator));
  }

  /** State key of the {@link ValidatorIndex}: every operator address, ascending. */
  public static byte[] validatorIndexKey() {
    return index.key();
  }

  @Override
  public Params params(KVStore state) {
    return params.getOrDefault(state, DEFAULT_PARAMS);
  }

  public void setParams(KVStore state, Params p) {
    params.set(state, p);
  }

  BigInteger powerReduction(KVStore state) {
    return new BigInteger(params(state).getPowerReduction());
  }

  // ---- reads ----

  @Override
  public Optional<Validator> validator(KVStore state, String operator) {
    return validators.get(state, operator);
  }

  @Override
  public Optional<Validator> validatorByConsensusAddress(KVStore state, String consensusAddress) {
    return byConsensus.get(state, consensusAddress).flatMap(op -> validators.get(state, op));
  }

  /** Every validator, ascending by operator address. */
  @Override
  public List<Validator> validators(KVStore state) {
    return validators.entries(state).stream().map(Map.Entry::getValue).toList();
  }

  @Override
  public Optional<Delegation> delegation(KVStore state, String delegator, String validator) {
    return delegations.get(state, new StringPair(delegator, validator));
  }

  /** Delegations of {@code delegator}, ascending by validator. */
  @Override
  public List<Delegation> delegationsOf(KVStore state, String delegator) {
    return delegations.entriesWithKeyPrefix(state, Codecs.STRING_KEY.encode(delegator)).stream()
        .map(Map.Entry::getValue)
        .toList();
  }

  /** Every delegation, ascending by (delegator, validator). */
  @Override
  public List<Delegation> allDelegations(KVStore state) {
    return delegations.entries(state).stream().map(Map.Entry::getValue).toList();
  }

  public List<UnbondingDelegation> allUnbondings(KVStore state) {
    return unbondings.entries(state).stream().map(Map.Entry::getValue).toList();
  }

  public List<Redelegation> allRedelegations(KVStore state) {
    return redelegations.entries(state).stream().map(Map.Entry::getValue).toList();
  }

  /** Powers of the active set as last handed to consensus, by operator address. */
  public List<Map.Entry<String, Long>> lastPowers(KVStore state) {
    return lastPowers.entries(state);
  }

  public void setLastPower(KVStore state, String operator, long power) {
    lastPowers.set(state, operator, power);
  }

  /** The tokens a number of a validator's shares is worth, truncated. */
  public static BigInteger tokensOfShares(Validator v, BigInteger shares) {
    BigInteger total = new BigInteger(v.getDelegatorShares());
    BigInteger tokens = new BigInteger(v.getTokens());
    if (shares.equals(total)) {
      return tokens;
    }
    return total.signum() == 0 ? BigInteger.ZERO : shares.multiply(tokens).divide(total);
  }

  /** Consensus power: tokens / power reduction; 0 when jailed. */
  public long power(KVStore state, Validator v) {
    if (v.getJailed()) {
      return 0;
    }
    BigInteger p = new BigInteger(v.getTokens()).divide(powerReduction(state));
    return p.min(BigInteger.valueOf(Long.MAX_VALUE / 1024)).longValueExact();
  }

  // ---- writes used by genesis and the handlers ----

  public void setValidator(KVStore state, Validator v) {
    if (!validators.has(state, v.getOperatorAddress())) {
      java.util.TreeSet<String> all =
          new java.util.TreeSet<>(
              index
                  .getOrDefault(state, ValidatorIndex.getDefaultInstance())
                  .getOperatorAddressesList());
      all.add(v.getOperatorAddress());
      index.set(state, ValidatorIndex.newBuilder().addAllOperatorAddresses(all).build());
    }
    validators.set(state, v.getOperatorAddress(), v);
    byConsensus.set(state, v.getConsensusAddress(), v.getOperatorAddress());
  }

  public void setDelegation(KVStore state, Delegation d) {
    delegations.set(state, new StringPair(d.getDelegatorAddress(), d.getValidatorAddress()), d);
  }

  public void setUnbonding(KVStore state, UnbondingDelegation u) {
    StringPair key = new StringPair(u.getDelegatorAddress(), u.getValidatorAddress());
    if (u.getEntriesCount() == 0) {
      unbondings.remove(state, key);
    } else {
      unbondings.set(state, key, u);
    }
  }

  public void setRedelegation(KVStore state, Redelegation r) {
    StringPair key =
        redelegationKey(
            r.getDelegatorAddress(), r.getValidatorSrcAddress(), r.getValidatorDstAddress());
    if (r.getEntriesCount() == 0) {
      redelegations.remove(state, key);
    } else {
      redelegations.set(state, key, r);
    }
  }

  private static StringPair redelegationKey(String delegator, String src, String dst) {
    return new StringPair(delegator, src + "/" + dst);
  }

  /** The consensus address (bech32) of a public key. */
  public static String consensusAddress(io.lattice.crypto.PublicKey key) {
    return Address.of(key).toString();
  }

  static String bech32(byte[] address) {
    try {
      return Address.fromBytes(address).toString();
    } catch (CryptoException e) {
      throw new IllegalArgumentException("bad consensus address: " + e.getMessage(), e);
    }
  }

  // ---- delegation ----

  Validator requireValidator(KVStore state, String operator) throws TxException {
    return validators
        .get(state, operator)
        .orElseThrow(() -> new TxException(NAME, CODE_NO_VALIDATOR, "no validator " + operator));
  }

  void requireBondDenom(KVStore state, String denom) throws TxException {
    String bond = params(state).getBondDenom();
    if (!bond.equals(denom)) {
      throw new TxException(
          NAME, CODE_BAD_DENOM, "amount must be in the bond denom " + bond + ", got " + denom);
    }
  }

  /**
   * Moves {@code amount} bond tokens from {@code delegator} to the bonded pool and issues shares of
   * {@code validator} for them.
   */
  public void delegate(Context ctx, String delegator, String operator, BigInteger amount)
      throws TxException {
    delegate(ctx, delegator, operator, amount, 0);
  }

  /**
   * As {@link #delegate(Context, String, String, BigInteger)}, with the new shares locked until
   * block time + {@code lockSeconds} (0 = unlocked): until then they can be neither undelegated nor
   * redelegated.
   *
   * @throws TxException code {@link #CODE_BAD_LOCK} when lockSeconds is negative or above {@link
   *     #MAX_LOCK_SECONDS}, {@link #CODE_TOO_MANY_ENTRIES} when the delegation already carries
   *     {@link #MAX_LOCKS} unexpired locks, and every failure of a plain delegation
   */
  public void delegate(
      Context ctx, String delegator, String operator, BigInteger amount, long lockSeconds)
      throws TxException {
    if (lockSeconds < 0 || lockSeconds > MAX_LOCK_SECONDS) {
      throw new TxException(
          NAME,
          CODE_BAD_LOCK,
          "lock_seconds must be 0.." + MAX_LOCK_SECONDS + ", got " + lockSeconds);
    }
    if (amount.signum() <= 0) {
      throw new TxException(
          NAME, CODE_INSUFFICIENT_SHARES, "amount must be positive, got " + amount);
    }
    requireValidator(ctx.store(), operator);
    String denom = params(ctx.store()).getBondDenom();
    bank.send(ctx, delegator, BONDED_POOL, List.of(Coins.coin(denom, amount)));
    long unlock = lockSeconds == 0 ? 0 : ctx.time().getEpochSecond() + lockSeconds;
    BigInteger shares = issueShares(ctx, delegator, operator, amount, unlock);
    if (lockSeconds == 0) {
      ctx.emit(
          "delegate",
          "validator",
          operator,
          "delegator",
          delegator,
          "amount",
          amount + denom,
          "new_shares",
          shares.toString());
    } else {
      ctx.emit(
          "delegate",
          "validator",
          operator,
          "delegator",
          delegator,
          "amount",
          amount + denom,
          "new_shares",
          shares.toString(),
          "unlock_time",
          Long.toString(unlock));
    }
  }

  /**
   * Adds {@code amount} tokens (already in the bonded pool) to the validator and issues the
   * delegator the shares they buy; returns the shares.
   */
  private BigInteger issueShares(
      Context ctx, String delegator, String operator, BigInteger amount, long unlockTime)
      throws TxException {
    KVStore s = ctx.store();
    Validator v = requireValidator(s, operator);
    BigInteger tokens = new BigInteger(v.getTokens());
    BigInteger total = new BigInteger(v.getDelegatorShares());
    BigInteger shares;
    if (total.signum() == 0) {
      shares = amount.multiply(SHARES_PER_TOKEN);
    } else if (tokens.signum() == 0) {
      throw new TxException(
          NAME,
          CODE_VALIDATOR_HAS_NO_TOKENS,
          "validator " + operator + " has shares but no tokens (slashed to zero)");
    } else {
      shares = amount.multiply(total).divide(tokens);
    }
    if (shares.signum() == 0) {
      throw new TxException(
          NAME, CODE_INSUFFICIENT_SHARES, "amount " + amount + " buys no shares of " + operator);
    }
    Optional<Delegation> existing = delegation(s, delegator, operator);
    if (existing.isPresent()) {
      hooks.beforeDelegationSharesModified(ctx, delegator, operator);
    }
    BigInteger had = existing.map(d -> new BigInteger(d.getShares())).orElse(BigInteger.ZERO);
    long now = ctx.time().getEpochSecond();
    List<StakeLock> locks =
        new ArrayList<>(activeLocks(existing.map(Delegation::getLocksList).orElse(List.of()), now));
    if (unlockTime > now) {
      addLock(locks, shares, amount, unlockTime, delegator, operator);
    }
    setDelegation(
        s,
        Delegation.newBuilder()
            .setDelegatorAddress(delegator)
            .setValidatorAddress(operator)
            .setShares(had.add(shares).toString())
            .addAllLocks(locks)
            .build());
    setValidator(
        s,
        v.toBuilder()
            .setTokens(tokens.add(amount).toString())
            .setDelegatorShares(total.add(shares).toString())
            .build());
    hooks.afterDelegationModified(ctx, delegator, operator);
    return shares;
  }

  /**
   * Removes the shares worth at least {@code amount} tokens from a delegation and returns the
   * tokens they were worth (taken from the validator, still in the bonded pool).
   */
  private BigInteger unbondShares(Context ctx, String delegator, String operator, BigInteger amount)
      throws TxException {
    KVStore s = ctx.store();
    Validator v = requireValidator(s, operator);
    Delegation d =
        delegation(s, delegator, operator)
            .orElseThrow(() ->
                new TxException(
                    NAME,
                    CODE_NO_DELEGATION,
                    "no delegation from " + delegator + " to " + operator));
    BigInteger have = new BigInteger(d.getShares());
    BigInteger tokens = new BigInteger(v.getTokens());
    BigInteger total = new BigInteger(v.getDelegatorShares());
    BigInteger worth = tokensOfShares(v, have);
    if (tokens.signum() == 0 || amount.compareTo(worth) > 0) {
      throw new TxException(
          NAME,
          CODE_INSUFFICIENT_SHARES,
          "delegation from "
              + delegator
              + " to "
              + operator
              + " is worth "
              + worth
              + ", cannot unbond "
              + amount);
    }
    BigInteger[] qr = amount.multiply(total).divideAndRemainder(tokens);
    BigInteger shares = qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
    shares = shares.min(have);
    long now = ctx.time().getEpochSecond();
    List<StakeLock> locks = activeLocks(d.getLocksList(), now);
    BigInteger locked = sharesOf(locks).min(have);
    if (shares.compareTo(have.subtract(locked)) > 0) {
      throw new TxException(
          NAME,
          CODE_STAKE_LOCKED,
          "stake locked until "
              + Instant.ofEpochSecond(releaseTime(locks, have, shares))
              + ": "
              + tokensOfShares(v, locked)
              + " of "
              + worth
              + " is locked");
    }
    return removeShares(ctx, v, d, shares);
  }

  /** Removes {@code shares} of delegation {@code d}; returns the tokens taken from {@code v}. */
  BigInteger removeShares(Context ctx, Validator v, Delegation d, BigInteger shares)
      throws TxException {
    KVStore s = ctx.store();
    String delegator = d.getDelegatorAddress();
    String operator = v.getOperatorAddress();
    hooks.beforeDelegationSharesModified(ctx, delegator, operator);
    BigInteger removed = tokensOfShares(v, shares);
    BigInteger left = new BigInteger(d.getShares()).subtract(shares);
    if (left.signum() == 0) {
      delegations.remove(s, new StringPair(delegator, operator));
    } else {
      List<StakeLock> locks =
          capLocks(activeLocks(d.getLocksList(), ctx.time().getEpochSecond()), left);
      setDelegation(
          s, d.toBuilder().setShares(left.toString()).clearLocks().addAllLocks(locks).build());
    }
    Validator after =
        v.toBuilder()
            .setTokens(new BigInteger(v.getTokens()).subtract(removed).toString())
            .setDelegatorShares(new BigInteger(v.getDelegatorShares()).subtract(shares).toString())
            .build();
    setValidator(s, after);
    if (left.signum() > 0) {
      hooks.afterDelegationModified(ctx, delegator, operator);
    }
    if (delegator.equals(operator) && !after.getJailed()) {
      BigInteger self = left.signum() == 0 ? BigInteger.ZERO : tokensOfShares(after, left);
      if (self.compareTo(new BigInteger(after.getMinSelfDelegation())) < 0) {
        setValidator(s, after.toBuilder().setJailed(true).build());
        ctx.emit("jail", "validator", operator, "reason", "self_delegation_below_min");
      }
    }
    return removed;
  }

  /**
   * Starts unbonding {@code amount} tokens of a delegation; they mature after the unbonding time.
   */
  public BigInteger undelegate(Context ctx, String delegator, String operator, BigInteger amount)
      throws TxException {
    KVStore s = ctx.store();
    Params p = params(s);
    StringPair key = new StringPair(delegator, operator);
    UnbondingDelegation u =
        unbondings
            .get(s, key)
            .orElse(
                UnbondingDelegation.newBuilder()
                    .setDelegatorAddress(delegator)
                    .setValidatorAddress(operator)
                    .build());
    checkEntryRoom(
        u.getEntriesCount(), p, "unbonding entries for " + delegator + " at " + operator);
    BigInteger tokens = unbondShares(ctx, delegator, operator, amount);
    long completion = ctx.time().getEpochSecond() + p.getUnbondingTimeSeconds();
    if (tokens.signum() > 0) {
      bank.send(ctx, BONDED_POOL, NOT_BONDED_POOL, List.of(Coins.coin(p.getBondDenom(), tokens)));
      noteMaturity(s, completion);
      setUnbonding(
          s,
          u.toBuilder()
              .addEntries(
                  UnbondingEntry.newBuilder()
                      .setCreationHeight(ctx.height())
                      .setCompletionTime(completion)
                      .setInitialBalance(tokens.toString())
                      .setBalance(tokens.toString()))
              .build());
    }
    ctx.emit(
        "unbond",
        "validator",
        operator,
        "delegator",
        delegator,
        "amount",
        tokens + p.getBondDenom(),
        "completion_time",
        Long.toString(completion));
    return tokens;
  }

  /** Moves a delegation's tokens from {@code src} to {@code dst} at once, recording an entry. */
  public BigInteger redelegate(
      Context ctx, String delegator, String src, String dst, BigInteger amount) throws TxException {
    KVStore s = ctx.store();
    Params p = params(s);
    if (src.equals(dst)) {
      throw new TxException(
          NAME, CODE_SELF_REDELEGATION, "cannot redelegate from " + src + " to itself");
    }
    requireValidator(s, dst);
    for (Redelegation r : redelegationsOf(s, delegator)) {
      if (r.getValidatorDstAddress().equals(src) && r.getEntriesCount() > 0) {
        throw new TxException(
            NAME,
            CODE_TRANSITIVE_REDELEGATION,
            "tokens redelegated to " + src + " are still maturing; cannot redelegate them again");
      }
    }
    StringPair key = redelegationKey(delegator, src, dst);
    Redelegation r =
        redelegations
            .get(s, key)
            .orElse(
                Redelegation.newBuilder()
                    .setDelegatorAddress(delegator)
                    .setValidatorSrcAddress(src)
                    .setValidatorDstAddress(dst)
                    .build());
    checkEntryRoom(r.getEntriesCount(), p, "redelegation entries " + src + " -> " + dst);
    BigInteger tokens = unbondShares(ctx, delegator, src, amount);
    BigInteger sharesDst = issueShares(ctx, delegator, dst, tokens, 0);
    long completion = ctx.time().getEpochSecond() + p.getUnbondingTimeSeconds();
    noteMaturity(s, completion);
    setRedelegation(
        s,
        r.toBuilder()
            .addEntries(
                RedelegationEntry.newBuilder()
                    .setCreationHeight(ctx.height())
                    .setCompletionTime(completion)
                    .setInitialBalance(tokens.toString())
                    .setSharesDst(sharesDst.toString()))
            .build());
    ctx.emit(
        "redelegate",
        "source_validator",
        src,
        "destination_validator",
        dst,
        "delegator",
        delegator,
        "amount",
        tokens + p.getBondDenom(),
        "completion_time",
        Long.toString(completion));
    return tokens;
  }

  // ---- locks ----

  /** The locks of {@code locks} still in force at block time {@code now}. */
  public static List<StakeLock> activeLocks(List<StakeLock> locks, long now) {
    return locks.stream().filter(l -> l.getUnlockTime() > now).toList();
  }

  static BigInteger sharesOf(List<StakeLock> locks) {
    BigInteger sum = BigInteger.ZERO;
    for (StakeLock l : locks) {
      sum = sum.add(new BigInteger(l.getShares()));
    }
    return sum;
  }

  /** The delegation's shares locked at block time {@code now} (never more than its shares). */
  public static BigInteger lockedShares(Delegation d, long now) {
    return sharesOf(activeLocks(d.getLocksList(), now)).min(new BigInteger(d.getShares()));
  }

  /** The tokens the delegation's locked shares are worth at block time {@code now}. */
  public BigInteger lockedTokens(KVStore state, Delegation d, long now) {
    return validator(state, d.getValidatorAddress())
        .map(v -> tokensOfShares(v, lockedShares(d, now)))
        .orElse(BigInteger.ZERO);
  }

  /**
   * Adds a lock of {@code shares} until {@code unlock} to {@code locks} (sorted by unlock time,
   * merged with a lock of the same unlock time).
   */
  private static void addLock(
      List<StakeLock> locks,
      BigInteger shares,
      BigInteger amount,
      long unlock,
      String delegator,
      String operator)
      throws TxException {
    for (int i = 0; i < locks.size(); i++) {
      StakeLock l = locks.get(i);
      if (l.getUnlockTime() == unlock) {
        locks.set(
            i,
            l.toBuilder()
                .setShares(new BigInteger(l.getShares()).add(shares).toString())
                .setAmount(new BigInteger(l.getAmount()).add(amount).toString())
                .build());
        return;
      }
    }
    if (locks.size() >= MAX_LOCKS) {
      throw new TxException(
          NAME,
          CODE_TOO_MANY_ENTRIES,
          "too many stake locks on the delegation from "
              + delegator
              + " to "
              + operator
              + " (max "
              + MAX_LOCKS
              + ")");
    }
    locks.add(
        StakeLock.newBuilder()
            .setShares(shares.toString())
            .setUnlockTime(unlock)
            .setAmount(amount.toString())
            .build());
    locks.sort(Comparator.comparingLong(StakeLock::getUnlockTime));
  }

  /**
   * Trims {@code locks} so their shares sum to at most {@code cap}, taking from the locks that
   * expire first (a slash that removes shares of the delegation shortens no later lock more than
   * needed).
   */
  static List<StakeLock> capLocks(List<StakeLock> locks, BigInteger cap) {
    BigInteger excess = sharesOf(locks).subtract(cap);
    if (excess.signum() <= 0) {
      return locks;
    }
    List<StakeLock> sorted = new ArrayList<>(locks);
    sorted.sort(Comparator.comparingLong(StakeLock::getUnlockTime));
    List<StakeLock> out = new ArrayList<>();
    for (StakeLock l : sorted) {
      BigInteger sh = new BigInteger(l.getShares());
      if (excess.signum() > 0) {
        BigInteger cut = excess.min(sh);
        excess = excess.subtract(cut);
        sh = sh.subtract(cut);
      }
      if (sh.signum() > 0) {
        out.add(l.toBuilder().setShares(sh.toString()).build());
      }
    }
    return out;
  }

  /**
   * The earliest unlock time at which removing {@code want} of {@code have} shares is allowed,
   * given the unexpired {@code locks}.
   */
  private static long releaseTime(List<StakeLock> locks, BigInteger have, BigInteger want) {
    List<StakeLock> sorted = new ArrayList<>(locks);
    sorted.sort(Comparator.comparingLong(StakeLock::getUnlockTime));
    BigInteger locked = sharesOf(sorted);
    long at = 0;
    for (StakeLock l : sorted) {
      if (want.compareTo(have.subtract(locked.min(have))) <= 0) {
        break;
      }
      locked = locked.subtract(new BigInteger(l.getShares()));
      at = l.getUnlockTime();
    }
    return at;
  }

  /** Refuses a new maturing entry when {@code entries} already holds the maximum number. */
  private static void checkEntryRoom(int entries, Params p, String what) throws TxException {
    if (entries >= p.getMaxEntries()) {
      throw new TxException(
          NAME, CODE_TOO_MANY_ENTRIES, "too many " + what + " (max " + p.getMaxEntries() + ")");
    }
  }

  private List<Redelegation> redelegationsOf(KVStore s, String delegator) {
    return redelegations.entriesWithKeyPrefix(s, Codecs.STRING_KEY.encode(delegator)).stream()
        .map(Map.Entry::getValue)
        .toList();
  }

  // ---- end block ----

  /** Pays out matured unbonding entries and drops matured redelegation entries. */
  public void completeMatured(Context ctx) throws TxException {
    KVStore s = ctx.store();
    long now = ctx.time().getEpochSecond();
    Optional<Long> next = nextMaturity.get(s);
    if (next.isEmpty() || next.get() > now) {
      return;
    }
    String denom = params(s).getBondDenom();
    for (UnbondingDelegation u : allUnbondings(s)) {
      UnbondingDelegation.Builder keep = u.toBuilder().clearEntries();
      BigInteger paid = BigInteger.ZERO;
      for (UnbondingEntry e : u.getEntriesList()) {
        if (e.getCompletionTime() <= now) {
          paid = paid.add(new BigInteger(e.getBalance()));
        } else {
          keep.addEntries(e);
        }
      }
      if (keep.getEntriesCount() == u.getEntriesCount()) {
        continue;
      }
      if (paid.signum() > 0) {
        bank.send(ctx, NOT_BONDED_POOL, u.getDelegatorAddress(), List.of(Coins.coin(denom, paid)));
      }
      setUnbonding(s, keep.build());
      ctx.emit(
          "complete_unbonding",
          "validator",
          u.getValidatorAddress(),
          "delegator",
          u.getDelegatorAddress(),
          "amount",
          paid + denom);
    }
    for (Redelegation r : allRedelegations(s)) {
      Redelegation.Builder keep = r.toBuilder().clearEntries();
      for (RedelegationEntry e : r.getEntriesList()) {
        if (e.getCompletionTime() > now) {
          keep.addEntries(e);
        }
      }
      if (keep.getEntriesCount() != r.getEntriesCount()) {
        setRedelegation(s, keep.build());
      }
    }
    recomputeMaturity(s);
  }

  private static void noteMaturity(KVStore s, long completion) {
    Optional<Long> next = nextMaturity.get(s);
    if (next.isEmpty() || completion < next.get()) {
      nextMaturity.set(s, completion);
    }
  }

  /**
   * The earliest completion time of any unbonding or redelegation entry, or empty: end block scans
   * the entries only once that time has come.
   */
  public Optional<Long> earliestMaturity(KVStore s) {
    Optional<Long> min = Optional.empty();
    for (UnbondingDelegation u : allUnbondings(s)) {
      for (UnbondingEntry e : u.getEntriesList()) {
        min =
            Optional.of(
                min.map(m -> Math.min(m, e.getCompletionTime())).orElse(e.getCompletionTime()));
      }
    }
    for (Redelegation r : allRedelegations(s)) {
      for (RedelegationEntry e : r.getEntriesList()) {
        min =
            Optional.of(
                min.map(m -> Math.min(m, e.getCompletionTime())).orElse(e.getCompletionTime()));
      }
    }
    return min;
  }

  /** Sets the stored next maturity to {@link #earliestMaturity} (after a scan, at genesis). */
  public void recomputeMaturity(KVStore s) {
    Optional<Long> min = earliestMaturity(s);
    if (min.isPresent()) {
      nextMaturity.set(s, min.get());
    } else {
      nextMaturity.remove(s);
    }
  }

  public Optional<Long> nextMaturity(KVStore s) {
    return nextMaturity.get(s);
  }

  /** The rights the slashing module receives: slash, jail, unjail. */
  public StakingSlasher slasher() {
    return new StakingSlasher(this, bank);
  }

  /** Tokens of the operator's own delegation to its validator. */
  public BigInteger selfDelegation(KVStore state, Validator v) {
    return delegation(state, v.getOperatorAddress(), v.getOperatorAddress())
        .map(d -> tokensOfShares(v, new BigInteger(d.getShares())))
        .orElse(BigInteger.ZERO);
  }

  StakingHooks hooks() {
    return hooks;
  }

  /** Validators in the active set with their power, in set order (power desc, then operator). */
  @Override
  public List<Map.Entry<Validator, Long>> activeSet(KVStore state) {
    List<Map.Entry<Validator, Long>> all = new ArrayList<>();
    for (Validator v : validators(state)) {
      long p = power(state, v);
      if (p > 0) {
        all.add(Map.entry(v, p));
      }
    }
    all.sort((a, b) -> {
      int c = Long.compare(b.getValue(), a.getValue());
      return c != 0
          ? c
          : a.getKey().getOperatorAddress().compareTo(b.getKey().getOperatorAddress());
    });
    int max = params(state).getMaxValidators();
    return all.size() > max ? List.copyOf(all.subList(0, max)) : all;
  }

  void removeLastPower(KVStore state, String operator) {
    lastPowers.remove(state, operator);
  }
}
