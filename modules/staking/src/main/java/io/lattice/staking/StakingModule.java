package io.lattice.staking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.lattice.bank.BankView;
import io.lattice.consensus.app.ValidatorUpdate;
import io.lattice.crypto.CryptoException;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.PublicKey;
import io.lattice.proto.staking.v1.Commission;
import io.lattice.proto.staking.v1.Delegation;
import io.lattice.proto.staking.v1.MsgBeginRedelegate;
import io.lattice.proto.staking.v1.MsgCreateValidator;
import io.lattice.proto.staking.v1.MsgDelegate;
import io.lattice.proto.staking.v1.MsgEditValidator;
import io.lattice.proto.staking.v1.MsgUndelegate;
import io.lattice.proto.staking.v1.Params;
import io.lattice.proto.staking.v1.Redelegation;
import io.lattice.proto.staking.v1.StakeLock;
import io.lattice.proto.staking.v1.UnbondingDelegation;
import io.lattice.proto.staking.v1.UnbondingEntry;
import io.lattice.proto.staking.v1.Validator;
import io.lattice.proto.tx.v1.Coin;
import io.lattice.proto.types.v1.ValidatorPubKey;
import io.lattice.runtime.module.Context;
import io.lattice.runtime.module.GenesisJson;
import io.lattice.runtime.module.Invariant;
import io.lattice.runtime.module.Module;
import io.lattice.runtime.module.MsgType;
import io.lattice.runtime.module.QueryRoute;
import io.lattice.runtime.module.TxException;
import io.lattice.runtime.state.Schema;
import io.lattice.runtime.store.KVStore;
import io.lattice.runtime.tx.Addresses;
import io.lattice.runtime.tx.Codes;
import io.lattice.runtime.tx.Coins;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/** The staking module: messages, genesis, queries, invariants and validator-set updates. */
public final class StakingModule implements Module {
  public static final String MSG_CREATE_VALIDATOR = "/lattice.staking.v1.MsgCreateValidator";
  public static final String MSG_EDIT_VALIDATOR = "/lattice.staking.v1.MsgEditValidator";
  public static final String MSG_DELEGATE = "/lattice.staking.v1.MsgDelegate";
  public static final String MSG_UNDELEGATE = "/lattice.staking.v1.MsgUndelegate";
  public static final String MSG_REDELEGATE = "/lattice.staking.v1.MsgBeginRedelegate";

  /** Minimum time between two commission changes of a validator. */
  public static final long COMMISSION_CHANGE_INTERVAL_SECONDS = 24 * 3600;

  private static final Set<String> GENESIS_FIELDS =
      Set.of(
          "params",
          "validators",
          "delegations",
          "unbonding_delegations",
          "redelegations",
          "last_validator_powers");

  private final StakingKeeper keeper;
  private final BankView bank;

  public StakingModule(StakingKeeper keeper, BankView bank) {
    this.keeper = keeper;
    this.bank = bank;
  }

  public StakingKeeper keeper() {
    return keeper;
  }

  @Override
  public Schema schema() {
    return keeper.schema();
  }

  @Override
  public List<MsgType<?>> messages() {
    return List.of(
        new MsgType<>(
            MSG_CREATE_VALIDATOR,
            MsgCreateValidator.class,
            MsgCreateValidator.parser(),
            m -> List.of(m.getOperatorAddress()),
            StakingModule::checkCreate,
            this::handleCreate),
        new MsgType<>(
            MSG_EDIT_VALIDATOR,
            MsgEditValidator.class,
            MsgEditValidator.parser(),
            m -> List.of(m.getOperatorAddress()),
            StakingModule::checkEdit,
            this::handleEdit),
        new MsgType<>(
            MSG_DELEGATE,
            MsgDelegate.class,
            MsgDelegate.parser(),
            m -> List.of(m.getDelegatorAddress()),
            m -> {
              checkDelegation(m.getDelegatorAddress(), m.getValidatorAddress(), m.getAmount());
              if (Long.compareUnsigned(m.getLockSeconds(), StakingKeeper.MAX_LOCK_SECONDS) > 0) {
                throw new TxException(
                    StakingKeeper.NAME,
                    StakingKeeper.CODE_BAD_LOCK,
                    "lock_seconds must be 0.."
                        + StakingKeeper.MAX_LOCK_SECONDS
                        + ", got "
                        + Long.toUnsignedString(m.getLockSeconds()));
              }
            },
            (ctx, m) -> {
              keeper.requireBondDenom(ctx.store(), m.getAmount().getDenom());
              keeper.delegate(
                  ctx,
                  m.getDelegatorAddress(),
                  m.getValidatorAddress(),
                  new BigInteger(m.getAmount().getAmount()),
                  m.getLockSeconds());
            }),
        new MsgType<>(
            MSG_UNDELEGATE,
            MsgUndelegate.class,
            MsgUndelegate.parser(),
            m -> List.of(m.getDelegatorAddress()),
            m -> checkDelegation(m.getDelegatorAddress(), m.getValidatorAddress(), m.getAmount()),
            (ctx, m) -> {
              keeper.requireBondDenom(ctx.store(), m.getAmount().getDenom());
              keeper.undelegate(
                  ctx,
                  m.getDelegatorAddress(),
                  m.getValidatorAddress(),
                  new BigInteger(m.getAmount().getAmount()));
            }),
        new MsgType<>(
            MSG_REDELEGATE,
            MsgBeginRedelegate.class,
            MsgBeginRedelegate.parser(),
            m -> List.of(m.getDelegatorAddress()),
            m -> {
              checkDelegation(m.getDelegatorAddress(), m.getValidatorSrcAddress(), m.getAmount());
              Addresses.check(m.getValidatorDstAddress(), "validator_dst_address");
            },
            (ctx, m) -> {
              keeper.requireBondDenom(ctx.store(), m.getAmount().getDenom());
              keeper.redelegate(
                  ctx,
                  m.getDelegatorAddress(),
                  m.getValidatorSrcAddress(),
                  m.getValidatorDstAddress(),
                  new BigInteger(m.getAmount().getAmount()));
            }));
  }

  // ---- stateless checks ----

  static void checkDelegation(String delegator, String validator, Coin amount) throws TxException {
    Addresses.check(delegator, "delegator_address");
    Addresses.check(validator, "validator_address");
    Coins.validate(List.of(amount), "amount", false);
  }

  static Dec dec(String text, String field) throws TxException {
    try {
      return Dec.parse(text, field);
    } catch (IllegalArgumentException e) {
      throw new TxException(
          StakingKeeper.NAME, StakingKeeper.CODE_INVALID_COMMISSION, e.getMessage());
    }
  }

  static void checkMoniker(String moniker) throws TxException {
    if (moniker.isBlank() || moniker.length() > 70) {
      throw Codes.error(Codes.INVALID_REQUEST, "moniker must be 1..70 characters");
    }
  }

  static PublicKey consensusKey(io.lattice.proto.tx.v1.PublicKey pk) throws TxException {
    try {
      return PublicKey.decode(KeyAlgorithm.fromId(pk.getAlgorithm()), pk.getKey().toByteArray());
    } catch (CryptoException | IllegalArgumentException e) {
      throw Codes.error(Codes.INVALID_PUBKEY, "pub_key: " + e.getMessage());
    }
  }

  static void checkCreate(MsgCreateValidator m) throws TxException {
    Addresses.check(m.getOperatorAddress(), "operator_address");
    consensusKey(m.getPubKey());
    checkMoniker(m.getMoniker());
    Dec rate = dec(m.getCommissionRate(), "commission_rate");
    Dec max = dec(m.getCommissionMaxRate(), "commission_max_rate");
    Dec change = dec(m.getCommissionMaxChangeRate(), "commission_max_change_rate");
    if (max.compareTo(Dec.ONE) > 0) {
      throw new TxException(
          StakingKeeper.NAME, StakingKeeper.CODE_INVALID_COMMISSION, "commission_max_rate > 1");
    }
    if (rate.compareTo(max) > 0) {
      throw new TxException(
          StakingKeeper.NAME,
          StakingKeeper.CODE_INVALID_COMMISSION,
          "commission_rate " + rate + " > commission_max_rate " + max);
    }
    if (change.compareTo(max) > 0) {
      throw new TxException(
          StakingKeeper.NAME,
          StakingKeeper.CODE_INVALID_COMMISSION,
          "commission_max_change_rate " + change + " > commission_max_rate " + max);
    }
    BigInteger min = Coins.parseAmount(m.getMinSelfDelegation(), "min_self_delegation");
    if (min.signum() == 0) {
      throw Codes.error(Codes.INVALID_REQUEST, "min_self_delegation must be positive");
    }
    Coins.validate(List.of(m.getAmount()), "amount", false);
    if (new BigInteger(m.getAmount().getAmount()).compareTo(min) < 0) {
      throw new TxException(
          StakingKeeper.NAME,
          StakingKeeper.CODE_SELF_DELEGATION_BELOW_MIN,
          "self-delegation " + m.getAmount().getAmount() + " < min_self_delegation " + min);
    }
  }

  static void checkEdit(MsgEditValidator m) throws TxException {
    Addresses.check(m.getOperatorAddress(), "operator_address");
    if (!m.getMoniker().isEmpty()) {
      checkMoniker(m.getMoniker());
    }
    if (!m.getCommissionRate().isEmpty()) {
      dec(m.getCommissionRate(), "commission_rate");
    }
    if (m.getMoniker().isEmpty() && m.getCommissionRate().isEmpty()) {
      throw Codes.error(
          Codes.INVALID_REQUEST, "nothing to edit: moniker and commission_rate empty");
    }
  }

  // ---- handlers ----

  private void handleCreate(Context ctx, MsgCreateValidator m) throws TxException {
    KVStore s = ctx.store();
    String op = m.getOperatorAddress();
    if (keeper.validator(s, op).isPresent()) {
      throw new TxException(
          StakingKeeper.NAME, StakingKeeper.CODE_VALIDATOR_EXISTS, "validator " + op + " exists");
    }
    keeper.requireBondDenom(s, m.getAmount().getDenom());
    String consensus = StakingKeeper.consensusAddress(consensusKey(m.getPubKey()));
    if (keeper.validatorByConsensusAddress(s, consensus).isPresent()) {
      throw new TxException(
          StakingKeeper.NAME,
          StakingKeeper.CODE_PUBKEY_IN_USE,
          "consensus key " + consensus + " is already used by a validator");
    }
    keeper.setValidator(
        s,
        Validator.newBuilder()
            .setOperatorAddress(op)
            .setPubKey(m.getPubKey())
            .setConsensusAddress(consensus)
            .setTokens("0")
            .setDelegatorShares("0")
            .setMoniker(m.getMoniker())
            .setCommission(
                Commission.newBuilder()
                    .setRate(Dec.parse(m.getCommissionRate(), "rate").toString())
                    .setMaxRate(Dec.parse(m.getCommissionMaxRate(), "max").toString())
                    .setMaxChangeRate(Dec.parse(m.getCommissionMaxChangeRate(), "chg").toString())
                    .setUpdateTime(ctx.time().getEpochSecond()))
            .setMinSelfDelegation(m.getMinSelfDelegation())
            .build());
    keeper.hooks().afterValidatorCreated(ctx, op);
    ctx.emit(
        "create_validator",
        "validator",
        op,
        "consensus_address",
        consensus,
        "amount",
        m.getAmount().getAmount() + m.getAmount().getDenom());
    keeper.delegate(ctx, op, op, new BigInteger(m.getAmount().getAmount()));
  }

  private void handleEdit(Context ctx, MsgEditValidator m) throws TxException {
    KVStore s = ctx.store();
    Validator v = keeper.requireValidator(s, m.getOperatorAddress());
    Validator.Builder b = v.toBuilder();
    if (!m.getMoniker().isEmpty()) {
      b.setMoniker(m.getMoniker());
    }
    if (!m.getCommissionRate().isEmpty()) {
      Commission c = v.getCommission();
      Dec rate = dec(m.getCommissionRate(), "commission_rate");
      Dec old = Dec.parse(c.getRate(), "rate");
      Dec max = Dec.parse(c.getMaxRate(), "max_rate");
      Dec change = Dec.parse(c.getMaxChangeRate(), "max_change_rate");
      if (rate.compareTo(max) > 0) {
        throw new TxException(
            StakingKeeper.NAME,
            StakingKeeper.CODE_INVALID_COMMISSION,
            "commission_rate " + rate + " > max_rate " + max);
      }
      if (rate.distance(old).compareTo(change) > 0) {
        throw new TxException(
            StakingKeeper.NAME,
            StakingKeeper.CODE_INVALID_COMMISSION,
            "commission change " + old + " -> " + rate + " exceeds max_change_rate " + change);
      }
      long since = ctx.time().getEpochSecond() - c.getUpdateTime();
      if (since < COMMISSION_CHANGE_INTERVAL_SECONDS) {
        throw new TxException(
            StakingKeeper.NAME,
            StakingKeeper.CODE_COMMISSION_TOO_SOON,
            "commission was changed " + since + "s ago; at most one change per 24h");
      }
      b.setCommission(
          c.toBuilder().setRate(rate.toString()).setUpdateTime(ctx.time().getEpochSecond()));
    }
    keeper.setValidator(s, b.build());
    ctx.emit(
        "edit_validator",
        "validator",
        v.getOperatorAddress(),
        "moniker",
        b.getMoniker(),
        "commission_rate",
        b.getCommission().getRate());
  }

  // ---- blocks ----

  @Override
  public void endBlock(Context ctx) {
    try {
      keeper.completeMatured(ctx);
    } catch (TxException e) {
      throw new IllegalStateException("staking pools are inconsistent: " + e.reason(), e);
    }
  }

  /**
   * The changes between the active set (top {@code max_validators} by power, ties by operator
   * address; jailed validators have power 0) and the powers last handed to consensus, ordered by
   * consensus address.
   */
  @Override
  public List<ValidatorUpdate> validatorUpdates(Context ctx) {
    KVStore s = ctx.store();
    SortedMap<String, Long> now = new TreeMap<>();
    SortedMap<String, Validator> byOperator = new TreeMap<>();
    for (Map.Entry<Validator, Long> e : keeper.activeSet(s)) {
      now.put(e.getKey().getOperatorAddress(), e.getValue());
      byOperator.put(e.getKey().getOperatorAddress(), e.getKey());
    }
    SortedMap<String, Long> last = new TreeMap<>();
    for (Map.Entry<String, Long> e : keeper.lastPowers(s)) {
      last.put(e.getKey(), e.getValue());
    }
    SortedMap<String, ValidatorUpdate> updates = new TreeMap<>();
    for (Map.Entry<String, Long> e : last.entrySet()) {
      if (!now.containsKey(e.getKey())) {
        Validator v = keeper.validator(s, e.getKey()).orElseThrow();
        updates.put(v.getConsensusAddress(), new ValidatorUpdate(pubKey(v), 0));
        keeper.removeLastPower(s, e.getKey());
      }
    }
    for (Map.Entry<String, Long> e : now.entrySet()) {
      if (!e.getValue().equals(last.get(e.getKey()))) {
        Validator v = byOperator.get(e.getKey());
        updates.put(v.getConsensusAddress(), new ValidatorUpdate(pubKey(v), e.getValue()));
        keeper.setLastPower(s, e.getKey(), e.getValue());
      }
    }
    for (ValidatorUpdate u : updates.values()) {
      ctx.emit(
          "validator_update",
          "algorithm",
          u.pubKey().getAlgorithm(),
          "power",
          Long.toString(u.power()));
    }
    return List.copyOf(updates.values());
  }

  static ValidatorPubKey pubKey(Validator v) {
    return ValidatorPubKey.newBuilder()
        .setAlgorithm(v.getPubKey().getAlgorithm())
        .setKey(ByteString.copyFrom(v.getPubKey().getKey().toByteArray()))
        .build();
  }

  // ---- genesis ----

  @Override
  public void initGenesis(Context ctx, JsonNode genesis) {
    GenesisJson.requireObject(genesis, "staking", GENESIS_FIELDS);
    KVStore s = ctx.store();
    Params p =
        genesis.has("params")
            ? ProtoJson.read(genesis.get("params"), Params.newBuilder(), "staking.params").build()
            : StakingKeeper.DEFAULT_PARAMS;
    checkParams(p);
    keeper.setParams(s, p);
    int i = 0;
    for (JsonNode n : ProtoJson.elements(genesis, "validators", "staking")) {
      String path = "staking.validators[" + i++ + "]";
      Validator v = ProtoJson.read(n, Validator.newBuilder(), path).build();
      try {
        Addresses.check(v.getOperatorAddress(), path + ".operator_address");
        String consensus = StakingKeeper.consensusAddress(consensusKey(v.getPubKey()));
        if (!consensus.equals(v.getConsensusAddress())) {
          throw new IllegalArgumentException(
              path
                  + ".consensus_address "
                  + v.getConsensusAddress()
                  + " is not the address of"
                  + " pub_key ("
                  + consensus
                  + ")");
        }
        Coins.parseAmount(v.getTokens(), path + ".tokens");
        Coins.parseAmount(v.getDelegatorShares(), path + ".delegator_shares");
        Coins.parseAmount(v.getMinSelfDelegation(), path + ".min_self_delegation");
      } catch (TxException e) {
        throw new IllegalArgumentException(e.reason(), e);
      }
      if (keeper.validator(s, v.getOperatorAddress()).isPresent()
          || keeper.validatorByConsensusAddress(s, v.getConsensusAddress()).isPresent()) {
        throw new IllegalArgumentException(path + ": duplicate validator or consensus key");
      }
      keeper.setValidator(s, v);
    }
    i = 0;
    for (JsonNode n : ProtoJson.elements(genesis, "delegations", "staking")) {
      String path = "staking.delegations[" + i++ + "]";
      Delegation d = ProtoJson.read(n, Delegation.newBuilder(), path).build();
      if (keeper.validator(s, d.getValidatorAddress()).isEmpty()) {
        throw new IllegalArgumentException(path + ": no validator " + d.getValidatorAddress());
      }
      checkLocks(d, path);
      keeper.setDelegation(s, d);
    }
    i = 0;
    for (JsonNode n : ProtoJson.elements(genesis, "unbonding_delegations", "staking")) {
      keeper.setUnbonding(
          s,
          ProtoJson.read(
                  n, UnbondingDelegation.newBuilder(), "staking.unbonding_delegations[" + i++ + "]")
              .build());
    }
    i = 0;
    for (JsonNode n : ProtoJson.elements(genesis, "redelegations", "staking")) {
      keeper.setRedelegation(
          s,
          ProtoJson.read(n, Redelegation.newBuilder(), "staking.redelegations[" + i++ + "]")
              .build());
    }
    keeper.recomputeMaturity(s);
    if (genesis.has("last_validator_powers")) {
      for (JsonNode n : ProtoJson.elements(genesis, "last_validator_powers", "staking")) {
        String op = GenesisJson.requireString(n, "address", "staking.last_validator_powers");
        if (keeper.validator(s, op).isEmpty()) {
          throw new IllegalArgumentException("staking.last_validator_powers: no validator " + op);
        }
        keeper.setLastPower(
            s, op, GenesisJson.uint64(n, "power", "staking.last_validator_powers", 0));
      }
    } else {
      for (Map.Entry<Validator, Long> e : keeper.activeSet(s)) {
        keeper.setLastPower(s, e.getKey().getOperatorAddress(), e.getValue());
      }
    }
  }

  /** Genesis check of a delegation's locks: positive shares summing to at most its shares. */
  static void checkLocks(Delegation d, String path) {
    BigInteger shares;
    BigInteger locked = BigInteger.ZERO;
    try {
      shares = Coins.parseAmount(d.getShares(), path + ".shares");
      int j = 0;
      for (StakeLock l : d.getLocksList()) {
        String at = path + ".locks[" + j++ + "]";
        BigInteger sh = Coins.parseAmount(l.getShares(), at + ".shares");
        Coins.parseAmount(l.getAmount(), at + ".amount");
        if (sh.signum() == 0) {
          throw new IllegalArgumentException(at + ".shares must be positive");
        }
        locked = locked.add(sh);
      }
    } catch (TxException e) {
      throw new IllegalArgumentException(e.reason(), e);
    }
    if (locked.compareTo(shares) > 0) {
      throw new IllegalArgumentException(
          path + ": locks hold " + locked + " shares, more than the delegation's " + shares);
    }
  }

  static void checkParams(Params p) {
    if (p.getUnbondingTimeSeconds() < 0) {
      throw new IllegalArgumentException("staking.params.unbonding_time_seconds must be >= 0");
    }
    if (p.getMaxValidators() == 0) {
      throw new IllegalArgumentException("staking.params.max_validators must be positive");
    }
    if (!Coins.isValidDenom(p.getBondDenom())) {
      throw new IllegalArgumentException("staking.params.bond_denom is not a valid denom");
    }
    if (!p.getPowerReduction().matches("[1-9][0-9]{0,30}")) {
      throw new IllegalArgumentException(
          "staking.params.power_reduction must be a positive integer");
    }
    if (p.getMaxEntries() == 0) {
      throw new IllegalArgumentException("staking.params.max_entries must be positive");
    }
  }

  @Override
  public JsonNode exportGenesis(Context ctx) {
    KVStore s = ctx.store();
    ObjectNode out = ProtoJson.genesisWithParams(keeper.params(s));
    ArrayNode vs = out.putArray("validators");
    keeper.validators(s).forEach(v -> vs.add(ProtoJson.write(v)));
    ArrayNode ds = out.putArray("delegations");
    keeper.allDelegations(s).forEach(d -> ds.add(ProtoJson.write(d)));
    ArrayNode us = out.putArray("unbonding_delegations");
    keeper.allUnbondings(s).forEach(u -> us.add(ProtoJson.write(u)));
    ArrayNode rs = out.putArray("redelegations");
    keeper.allRedelegations(s).forEach(r -> rs.add(ProtoJson.write(r)));
    ArrayNode ps = out.putArray("last_validator_powers");
    for (Map.Entry<String, Long> e : keeper.lastPowers(s)) {
      ps.addObject().put("address", e.getKey()).put("power", Long.toString(e.getValue()));
    }
    return out;
  }

  @Override
  public JsonNode defaultGenesis() {
    return ProtoJson.genesisWithParams(StakingKeeper.DEFAULT_PARAMS);
  }

  /**
   * The validator set (consensus address → power) that a genesis {@code staking} section implies:
   * the active set of its validators. Used to check genesis.json's {@code validators} against it.
   *
   * @throws IllegalArgumentException when the section is malformed
   */
  public static SortedMap<String, Long> genesisValidatorSet(JsonNode staking) {
    Params p =
        staking.has("params")
            ? ProtoJson.read(staking.get("params"), Params.newBuilder(), "staking.params").build()
            : StakingKeeper.DEFAULT_PARAMS;
    checkParams(p);
    BigInteger reduction = new BigInteger(p.getPowerReduction());
    List<Validator> vs = new ArrayList<>();
    int i = 0;
    for (JsonNode n : ProtoJson.elements(staking, "validators", "staking")) {
      vs.add(ProtoJson.read(n, Validator.newBuilder(), "staking.validators[" + i++ + "]").build());
    }
    List<Validator> active = new ArrayList<>();
    for (Validator v : vs) {
      if (!v.getJailed() && new BigInteger(v.getTokens()).divide(reduction).signum() > 0) {
        active.add(v);
      }
    }
    active.sort((a, b) -> {
      int c = new BigInteger(b.getTokens()).compareTo(new BigInteger(a.getTokens()));
      return c != 0 ? c : a.getOperatorAddress().compareTo(b.getOperatorAddress());
    });
    SortedMap<String, Long> out = new TreeMap<>();
    for (Validator v : active.subList(0, Math.min(active.size(), p.getMaxValidators()))) {
      out.put(
          v.getConsensusAddress(),
          new BigInteger(v.getTokens()).divide(reduction).longValueExact());
    }
    return out;
  }

  // ---- params, invariants, queries ----

  @Override
  public JsonNode params(KVStore state) {
    return ProtoJson.write(keeper.params(state));
  }

  /**
   * Replaces the params (the shape {@link #params} writes: an absent field is zero, as that form
   * omits zero values; unknown fields are refused). {@code bond_denom} cannot change: the pools and
   * every delegation hold the current denom. A new {@code unbonding_time_seconds} applies to
   * entries created from then on; a lower {@code max_entries} refuses new entries only.
   */
  @Override
  public void setParams(Context ctx, JsonNode json) {
    Params p = ProtoJson.read(json, Params.newBuilder(), "staking.params").build();
    checkParams(p);
    String denom = keeper.params(ctx.store()).getBondDenom();
    if (!p.getBondDenom().equals(denom)) {
      throw new IllegalArgumentException(
          "staking.params.bond_denom cannot change (the pools hold " + denom + ")");
    }
    keeper.setParams(ctx.store(), p);
    ctx.emit(
        "params_changed", "module", StakingKeeper.NAME, "params", ProtoJson.write(p).toString());
  }

  @Override
  public List<Invariant> invariants() {
    return List.of(
        new Invariant(
            "bonded-pool",
            s -> {
              BigInteger sum = BigInteger.ZERO;
              for (Validator v : keeper.validators(s)) {
                sum = sum.add(new BigInteger(v.getTokens()));
              }
              BigInteger pool =
                  bank.balance(s, StakingKeeper.BONDED_POOL, keeper.params(s).getBondDenom());
              return pool.equals(sum)
                  ? Optional.empty()
                  : Optional.of(
                      "bonded pool "
                          + StakingKeeper.BONDED_POOL
                          + " holds "
                          + pool
                          + " but validators hold "
                          + sum
                          + " tokens");
            }),
        new Invariant(
            "not-bonded-pool",
            s -> {
              BigInteger sum = BigInteger.ZERO;
              for (UnbondingDelegation u : keeper.allUnbondings(s)) {
                for (UnbondingEntry e : u.getEntriesList()) {
                  sum = sum.add(new BigInteger(e.getBalance()));
                }
              }
              BigInteger pool =
                  bank.balance(s, StakingKeeper.NOT_BONDED_POOL, keeper.params(s).getBondDenom());
              return pool.equals(sum)
                  ? Optional.empty()
                  : Optional.of(
                      "not-bonded pool "
                          + StakingKeeper.NOT_BONDED_POOL
                          + " holds "
                          + pool
                          + " but unbonding entries hold "
                          + sum);
            }),
        new Invariant(
            "next-maturity",
            s -> {
              Optional<Long> want = keeper.earliestMaturity(s);
              Optional<Long> have = keeper.nextMaturity(s);
              return want.equals(have)
                  ? Optional.empty()
                  : Optional.of("next maturity " + have + " != earliest entry completion " + want);
            }),
        new Invariant(
            "delegator-shares",
            s -> {
              SortedMap<String, BigInteger> sums = new TreeMap<>();
              for (Delegation d : keeper.allDelegations(s)) {
                sums.merge(d.getValidatorAddress(), new BigInteger(d.getShares()), BigInteger::add);
              }
              for (Validator v : keeper.validators(s)) {
                BigInteger sum = sums.getOrDefault(v.getOperatorAddress(), BigInteger.ZERO);
                if (!sum.equals(new BigInteger(v.getDelegatorShares()))) {
                  return Optional.of(
                      "delegations to "
                          + v.getOperatorAddress()
                          + " hold "
                          + sum
                          + " shares, validator records "
                          + v.getDelegatorShares());
                }
              }
              return Optional.empty();
            }),
        new Invariant(
            "delegation-locks",
            s -> {
              for (Delegation d : keeper.allDelegations(s)) {
                BigInteger locked = StakingKeeper.sharesOf(d.getLocksList());
                if (locked.compareTo(new BigInteger(d.getShares())) > 0) {
                  return Optional.of(
                      "delegation "
                          + d.getDelegatorAddress()
                          + " -> "
                          + d.getValidatorAddress()
                          + " has "
                          + d.getShares()
                          + " shares but locks of "
                          + locked);
                }
              }
              return Optional.empty();
            }));
  }

  @Override
  public List<QueryRoute> queries() {
    return List.of(
        new QueryRoute(
            "validators",
            (s, req) -> {
              ArrayNode arr = GenesisJson.array();
              for (Validator v : keeper.validators(s)) {
                arr.add(validatorJson(s, v));
              }
              return arr;
            }),
        new QueryRoute(
            "validator",
            (s, req) -> {
              String op = GenesisJson.requireString(req, "address", "request");
              return validatorJson(
                  s,
                  keeper
                      .validator(s, op)
                      .orElseThrow(() -> new IllegalArgumentException("no validator " + op)));
            }),
        new QueryRoute(
            "delegations",
            (s, req) -> {
              String del = GenesisJson.requireString(req, "delegator", "request");
              ArrayNode arr = GenesisJson.array();
              Optional<Long> at =
                  req.hasNonNull("time")
                      ? Optional.of(GenesisJson.uint64(req, "time", "request", 0))
                      : Optional.empty();
              for (Delegation d : keeper.delegationsOf(s, del)) {
                arr.add(delegationJson(s, d, at));
              }
              return arr;
            }),
        new QueryRoute(
            "unbonding",
            (s, req) -> {
              String del = GenesisJson.requireString(req, "delegator", "request");
              ArrayNode arr = GenesisJson.array();
              keeper.allUnbondings(s).stream()
                  .filter(u -> u.getDelegatorAddress().equals(del))
                  .forEach(u -> arr.add(ProtoJson.write(u)));
              return arr;
            }));
  }

  /**
   * A delegation with its tokens, each lock's current token value and, when {@code at} (block time,
   * unix seconds) is given, the tokens locked and unlocked at that time.
   */
  private ObjectNode delegationJson(KVStore s, Delegation d, Optional<Long> at) {
    ObjectNode o = ProtoJson.write(d);
    Optional<Validator> v = keeper.validator(s, d.getValidatorAddress());
    if (v.isEmpty()) {
      return o;
    }
    BigInteger tokens = StakingKeeper.tokensOfShares(v.get(), new BigInteger(d.getShares()));
    o.put("tokens", tokens.toString());
    ArrayNode locks = o.putArray("locks");
    for (StakeLock l : d.getLocksList()) {
      ObjectNode lo = ProtoJson.write(l);
      lo.put(
          "tokens",
          StakingKeeper.tokensOfShares(v.get(), new BigInteger(l.getShares())).toString());
      locks.add(lo);
    }
    if (at.isPresent()) {
      BigInteger locked =
          StakingKeeper.tokensOfShares(v.get(), StakingKeeper.lockedShares(d, at.get()));
      o.put("locked_tokens", locked.toString());
      o.put("unlocked_tokens", tokens.subtract(locked).toString());
    }
    return o;
  }

  private ObjectNode validatorJson(KVStore s, Validator v) {
    ObjectNode o = ProtoJson.write(v);
    o.put("power", Long.toString(keeper.power(s, v)));
    return o;
  }
}
