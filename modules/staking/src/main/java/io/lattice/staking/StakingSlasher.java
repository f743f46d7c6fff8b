package io.lattice.staking;

import io.lattice.bank.BankSender;
import io.lattice.proto.staking.v1.Delegation;
import io.lattice.proto.staking.v1.Redelegation;
import io.lattice.proto.staking.v1.RedelegationEntry;
import io.lattice.proto.staking.v1.UnbondingDelegation;
import io.lattice.proto.staking.v1.UnbondingEntry;
import io.lattice.proto.staking.v1.Validator;
import io.lattice.runtime.module.Context;
import io.lattice.runtime.module.TxException;
import io.lattice.runtime.store.KVStore;
import io.lattice.runtime.tx.Coins;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * What the slashing module may do to staking state: slash stake (tokens move to {@link
 * StakingKeeper#SLASHED_POOL}), jail and unjail, plus the reads it needs. Obtained from {@link
 * StakingKeeper#slasher()}.
 */
public final class StakingSlasher {
  private static final String BONDED_POOL = StakingKeeper.BONDED_POOL;
  private static final String NOT_BONDED_POOL = StakingKeeper.NOT_BONDED_POOL;
  private static final String SLASHED_POOL = StakingKeeper.SLASHED_POOL;

  private final StakingKeeper keeper;
  private final BankSender bank;

  StakingSlasher(StakingKeeper keeper, BankSender bank) {
    this.keeper = keeper;
    this.bank = bank;
  }

  public Optional<Validator> validator(KVStore state, String operator) {
    return keeper.validator(state, operator);
  }

  public Optional<Validator> validatorByConsensusAddress(KVStore state, String consensusAddress) {
    return keeper.validatorByConsensusAddress(state, consensusAddress);
  }

  /** Tokens of the operator's own delegation to its validator. */
  public BigInteger selfDelegation(KVStore state, Validator v) {
    return keeper.selfDelegation(state, v);
  }

  /**
   * Slashes {@code fraction} of the stake a validator had at {@code infractionHeight}: of its
   * current tokens, and of every unbonding and redelegation entry that left it at or after that
   * height (those tokens were bonded to it when the offence happened). Slashed tokens go to {@link
   * #SLASHED_POOL}. Returns the total slashed.
   */
  public BigInteger slash(Context ctx, String operator, long infractionHeight, Dec fraction)
      throws TxException {
    KVStore s = ctx.store();
    Optional<Validator> found = keeper.validator(s, operator);
    if (found.isEmpty()) {
      return BigInteger.ZERO;
    }
    String denom = keeper.params(s).getBondDenom();
    BigInteger total = BigInteger.ZERO;
    for (UnbondingDelegation u : keeper.allUnbondings(s)) {
      if (!u.getValidatorAddress().equals(operator)) {
        continue;
      }
      UnbondingDelegation.Builder b = u.toBuilder().clearEntries();
      BigInteger cut = BigInteger.ZERO;
      for (UnbondingEntry e : u.getEntriesList()) {
        if (e.getCreationHeight() < infractionHeight) {
          b.addEntries(e);
          continue;
        }
        BigInteger balance = new BigInteger(e.getBalance());
        BigInteger amt = fraction.mulTruncate(new BigInteger(e.getInitialBalance())).min(balance);
        cut = cut.add(amt);
        b.addEntries(e.toBuilder().setBalance(balance.subtract(amt).toString()));
      }
      if (cut.signum() > 0) {
        bank.send(ctx, NOT_BONDED_POOL, SLASHED_POOL, List.of(Coins.coin(denom, cut)));
        keeper.setUnbonding(s, b.build());
        total = total.add(cut);
      }
    }
    for (Redelegation r : keeper.allRedelegations(s)) {
      if (!r.getValidatorSrcAddress().equals(operator)) {
        continue;
      }
      for (RedelegationEntry e : r.getEntriesList()) {
        if (e.getCreationHeight() >= infractionHeight) {
          BigInteger cut =
              slashRedelegated(
                  ctx, r, e, fraction.mulTruncate(new BigInteger(e.getInitialBalance())));
          total = total.add(cut);
        }
      }
    }
    Validator v = keeper.validator(s, operator).orElseThrow();
    BigInteger tokens = new BigInteger(v.getTokens());
    BigInteger cut = fraction.mulTruncate(tokens).min(tokens);
    if (cut.signum() > 0) {
      bank.send(ctx, BONDED_POOL, SLASHED_POOL, List.of(Coins.coin(denom, cut)));
      keeper.setValidator(s, v.toBuilder().setTokens(tokens.subtract(cut).toString()).build());
      total = total.add(cut);
    }
    ctx.emit(
        "slash",
        "validator",
        operator,
        "infraction_height",
        Long.toString(infractionHeight),
        "fraction",
        fraction.toString(),
        "amount",
        total + denom);
    return total;
  }

  /** Takes {@code amount} tokens' worth of the redelegation's destination shares. */
  private BigInteger slashRedelegated(
      Context ctx, Redelegation r, RedelegationEntry e, BigInteger amount) throws TxException {
    KVStore s = ctx.store();
    Optional<Validator> dst = keeper.validator(s, r.getValidatorDstAddress());
    Optional<Delegation> d =
        keeper.delegation(s, r.getDelegatorAddress(), r.getValidatorDstAddress());
    if (dst.isEmpty() || d.isEmpty() || amount.signum() == 0) {
      return BigInteger.ZERO;
    }
    Validator v = dst.get();
    BigInteger tokens = new BigInteger(v.getTokens());
    if (tokens.signum() == 0) {
      return BigInteger.ZERO;
    }
    BigInteger shares =
        amount
            .multiply(new BigInteger(v.getDelegatorShares()))
            .divide(tokens)
            .min(new BigInteger(e.getSharesDst()))
            .min(new BigInteger(d.get().getShares()));
    if (shares.signum() == 0) {
      return BigInteger.ZERO;
    }
    BigInteger removed = keeper.removeShares(ctx, v, d.get(), shares);
    if (removed.signum() > 0) {
      bank.send(
          ctx,
          BONDED_POOL,
          SLASHED_POOL,
          List.of(Coins.coin(keeper.params(s).getBondDenom(), removed)));
    }
    return removed;
  }

  public void jail(Context ctx, String operator) {
    keeper
        .validator(ctx.store(), operator)
        .filter(v -> !v.getJailed())
        .ifPresent(v -> {
          keeper.setValidator(ctx.store(), v.toBuilder().setJailed(true).build());
          ctx.emit("jail", "validator", operator);
        });
  }

  public void unjail(Context ctx, String operator) {
    keeper
        .validator(ctx.store(), operator)
        .ifPresent(v -> {
          keeper.setValidator(ctx.store(), v.toBuilder().setJailed(false).build());
          ctx.emit("unjail", "validator", operator);
        });
  }
}
