package io.lattice.distribution;

import io.lattice.bank.BankMinter;
import io.lattice.bank.ModuleAccount;
import io.lattice.bank.Permission;
import io.lattice.proto.distribution.v1.DelegatorStart;
import io.lattice.proto.distribution.v1.Params;
import io.lattice.proto.distribution.v1.ValidatorRewards;
import io.lattice.proto.staking.v1.Delegation;
import io.lattice.proto.staking.v1.Validator;
import io.lattice.runtime.module.Context;
import io.lattice.runtime.module.TxException;
import io.lattice.runtime.state.Codecs;
import io.lattice.runtime.state.Codecs.StringPair;
import io.lattice.runtime.state.Item;
import io.lattice.runtime.state.Schema;
import io.lattice.runtime.state.StateMap;
import io.lattice.runtime.store.KVStore;
import io.lattice.runtime.tx.Coins;
import io.lattice.staking.Dec;
import io.lattice.staking.StakingHooks;
import io.lattice.staking.StakingView;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reward accounting (ADR 0002). Per validator: a cumulative reward per share (scaled by {@link
 * #RPS_SCALE}), unpaid commission, and the tokens held for it ({@code outstanding}). Per
 * delegation: the reward per share at its last settlement. A delegation's pending reward is {@code
 * floor(shares × (rps_now − rps_start) / RPS_SCALE)}; it is paid whenever the delegation's shares
 * change (the {@link StakingHooks}) or on withdrawal. Slashing changes tokens, not shares, so it
 * needs no bookkeeping here.
 */
public final class DistributionKeeper implements StakingHooks {
  public static final String NAME = "distribution";

  public static final int CODE_NO_DELEGATION = 2;
  public static final int CODE_NO_VALIDATOR = 3;
  public static final int CODE_NO_COMMISSION = 4;

  /**
   * The module account {@code distribution}: holds outstanding rewards and the community pool, and
   * may mint (the block provision is minted into it).
   */
  public static final ModuleAccount ACCOUNT = new ModuleAccount(NAME, Permission.MINTER);

  /** The address of {@link #ACCOUNT}. */
  public static final String MODULE_ACCOUNT = ACCOUNT.address();

  public static final BigInteger RPS_SCALE = BigInteger.TEN.pow(36);

  public static final Params DEFAULT_PARAMS =
      Params.newBuilder().setCommunityTax("0.020000000000000000").setRewardDenom("ulat").build();

  private static final ValidatorRewards EMPTY =
      ValidatorRewards.newBuilder()
          .setRewardPerShare("0")
          .setCommission("0")
          .setOutstanding("0")
          .build();

  private static final Schema SCHEMA = new Schema(NAME);
  private static final Item<Params> params =
      SCHEMA.item(1, "params", Codecs.proto(Params.parser()));
  private static final StateMap<String, ValidatorRewards> rewards =
      SCHEMA.map(
          2, "validator_rewards", Codecs.STRING_KEY, Codecs.proto(ValidatorRewards.parser()));
  private static final StateMap<StringPair, DelegatorStart> starts =
      SCHEMA.map(
          3, "delegator_starts", Codecs.STRING_PAIR_KEY, Codecs.proto(DelegatorStart.parser()));
  private static final Item<BigInteger> communityPool =
      SCHEMA.item(4, "community_pool", Codecs.BIG_UINT);
  private static final Item<BigInteger> inflationRate =
      SCHEMA.item(5, "inflation_rate", Codecs.BIG_UINT);
  private static final Item<Long> blocksPerYear = SCHEMA.item(6, "blocks_per_year", Codecs.UINT64);
  private static final Item<BigInteger> mintRemainder =
      SCHEMA.item(7, "mint_remainder", Codecs.BIG_UINT);

  private final BankMinter bank;
  private final StakingView staking;

  public DistributionKeeper(BankMinter bank, StakingView staking) {
    this.bank = bank;
    this.staking = staking;
  }

  public Schema schema() {
    return SCHEMA;
  }

  /** State key of a validator's {@link ValidatorRewards}. */
  public static byte[] rewardsKey(String validator) {
    return rewards.stateKey(validator);
  }

  /** State key of a delegation's {@link DelegatorStart}. */
  public static byte[] startKey(String delegator, String validator) {
    return starts.stateKey(new StringPair(delegator, validator));
  }

  /** {@code floor(shares × (rpsNow − rpsStart) / RPS_SCALE)}: a delegation's pending reward. */
  public static BigInteger pending(BigInteger shares, BigInteger rpsNow, BigInteger rpsStart) {
    return shares.multiply(rpsNow.subtract(rpsStart)).divide(RPS_SCALE);
  }

  public Params params(KVStore state) {
    return params.getOrDefault(state, DEFAULT_PARAMS);
  }

  public void setParams(KVStore state, Params p) {
    params.set(state, p);
  }

  /** The inflation parameters ({@link Inflation#DEFAULT} until genesis sets them). */
  public Inflation inflation(KVStore state) {
    return new Inflation(
        new Dec(inflationRate.getOrDefault(state, Inflation.DEFAULT.rate().units())),
        blocksPerYear.getOrDefault(state, Inflation.DEFAULT.blocksPerYear()));
  }

  public void setInflation(KVStore state, Inflation inflation) {
    inflationRate.set(state, inflation.rate().units());
    blocksPerYear.set(state, inflation.blocksPerYear());
  }

  /** The fraction of a token the last block's provision carried forward (below 1). */
  public Dec mintRemainder(KVStore state) {
    return new Dec(mintRemainder.getOrDefault(state, BigInteger.ZERO));
  }

  /**
   * @throws IllegalArgumentException when {@code remainder} is not below one token
   */
  public void setMintRemainder(KVStore state, Dec remainder) {
    if (remainder.compareTo(Dec.ONE) >= 0) {
      throw new IllegalArgumentException("mint_remainder must be < 1, got " + remainder);
    }
    mintRemainder.set(state, remainder.units());
  }

  /**
   * Mints this block's provision ({@link Inflation#provision}) of the reward denom into {@link
   * #ACCOUNT}, computed on the supply before minting, and stores the new remainder. Returns the
   * amount minted (possibly zero).
   */
  public BigInteger mintProvision(Context ctx) throws TxException {
    KVStore s = ctx.store();
    String denom = params(s).getRewardDenom();
    BigInteger supply = new BigInteger(bank.supply(s, denom).getAmount());
    Inflation.Provision p = inflation(s).provision(supply, mintRemainder(s));
    if (p.minted().signum() > 0) {
      bank.mint(ctx, NAME, List.of(Coins.coin(denom, p.minted())));
    }
    setMintRemainder(s, p.remainder());
    return p.minted();
  }

  public ValidatorRewards rewards(KVStore state, String validator) {
    return rewards.get(state, validator).orElse(EMPTY);
  }

  public void setRewards(KVStore state, String validator, ValidatorRewards r) {
    rewards.set(state, validator, r);
  }

  public List<Map.Entry<String, ValidatorRewards>> allRewards(KVStore state) {
    return rewards.entries(state);
  }

  public Optional<DelegatorStart> start(KVStore state, String delegator, String validator) {
    return starts.get(state, new StringPair(delegator, validator));
  }

  public void setStart(KVStore state, String delegator, String validator, DelegatorStart s) {
    starts.set(state, new StringPair(delegator, validator), s);
  }

  public List<Map.Entry<StringPair, DelegatorStart>> allStarts(KVStore state) {
    return starts.entries(state);
  }

  public BigInteger communityPool(KVStore state) {
    return communityPool.getOrDefault(state, BigInteger.ZERO);
  }

  public void setCommunityPool(KVStore state, BigInteger amount) {
    communityPool.set(state, amount);
  }

  /** Rewards {@code delegator} may withdraw from {@code validator} now. */
  public BigInteger pending(KVStore state, String delegator, String validator) {
    Optional<Delegation> d = staking.delegation(state, delegator, validator);
    if (d.isEmpty()) {
      return BigInteger.ZERO;
    }
    BigInteger now = new BigInteger(rewards(state, validator).getRewardPerShare());
    BigInteger from =
        start(state, delegator, validator)
            .map(x -> new BigInteger(x.getRewardPerShare()))
            .orElse(BigInteger.ZERO);
    return pending(new BigInteger(d.get().getShares()), now, from);
  }

  // ---- allocation ----

  /**
   * Credits {@code amount} (already in the module account) to a validator: commission at its rate,
   * the rest to its delegators per share. A validator without shares gets it all as commission.
   */
  public void allocate(Context ctx, Validator v, BigInteger amount) {
    KVStore s = ctx.store();
    ValidatorRewards r = rewards(s, v.getOperatorAddress());
    BigInteger shares = new BigInteger(v.getDelegatorShares());
    BigInteger commission =
        shares.signum() == 0
            ? amount
            : Dec.parse(v.getCommission().getRate(), "commission rate").mulTruncate(amount);
    BigInteger toDelegators = amount.subtract(commission);
    BigInteger rps = new BigInteger(r.getRewardPerShare());
    if (toDelegators.signum() > 0) {
      rps = rps.add(toDelegators.multiply(RPS_SCALE).divide(shares));
    }
    setRewards(
        s,
        v.getOperatorAddress(),
        r.toBuilder()
            .setRewardPerShare(rps.toString())
            .setCommission(new BigInteger(r.getCommission()).add(commission).toString())
            .setOutstanding(new BigInteger(r.getOutstanding()).add(amount).toString())
            .build());
    ctx.emit(
        "rewards",
        "validator",
        v.getOperatorAddress(),
        "amount",
        amount.toString(),
        "commission",
        commission.toString());
  }

  // ---- withdrawals ----

  /** Pays the pending reward and restarts the delegation's period. Returns the amount paid. */
  public BigInteger withdrawDelegatorReward(Context ctx, String delegator, String validator)
      throws TxException {
    KVStore s = ctx.store();
    BigInteger amount = pending(s, delegator, validator);
    ValidatorRewards r = rewards(s, validator);
    if (amount.signum() > 0) {
      bank.send(
          ctx, MODULE_ACCOUNT, delegator, List.of(Coins.coin(params(s).getRewardDenom(), amount)));
      r =
          r.toBuilder()
              .setOutstanding(new BigInteger(r.getOutstanding()).subtract(amount).toString())
              .build();
      setRewards(s, validator, r);
    }
    setStart(
        s,
        delegator,
        validator,
        DelegatorStart.newBuilder().setRewardPerShare(r.getRewardPerShare()).build());
    ctx.emit(
        "withdraw_rewards",
        "validator",
        validator,
        "delegator",
        delegator,
        "amount",
        amount + params(s).getRewardDenom());
    return amount;
  }

  public BigInteger withdrawCommission(Context ctx, String validator) throws TxException {
    KVStore s = ctx.store();
    ValidatorRewards r = rewards(s, validator);
    BigInteger amount = new BigInteger(r.getCommission());
    if (amount.signum() == 0) {
      throw new TxException(
          NAME, CODE_NO_COMMISSION, "validator " + validator + " has no commission");
    }
    bank.send(
        ctx, MODULE_ACCOUNT, validator, List.of(Coins.coin(params(s).getRewardDenom(), amount)));
    setRewards(
        s,
        validator,
        r.toBuilder()
            .setCommission("0")
            .setOutstanding(new BigInteger(r.getOutstanding()).subtract(amount).toString())
            .build());
    ctx.emit(
        "withdraw_commission",
        "validator",
        validator,
        "amount",
        amount + params(s).getRewardDenom());
    return amount;
  }

  // ---- staking hooks ----

  @Override
  public void afterValidatorCreated(Context ctx, String validator) {
    setRewards(ctx.store(), validator, rewards(ctx.store(), validator));
  }

  @Override
  public void beforeDelegationSharesModified(Context ctx, String delegator, String validator)
      throws TxException {
    withdrawDelegatorReward(ctx, delegator, validator);
    starts.remove(ctx.store(), new StringPair(delegator, validator));
  }

  @Override
  public void afterDelegationModified(Context ctx, String delegator, String validator) {
    setStart(
        ctx.store(),
        delegator,
        validator,
        DelegatorStart.newBuilder()
            .setRewardPerShare(rewards(ctx.store(), validator).getRewardPerShare())
            .build());
  }
}
