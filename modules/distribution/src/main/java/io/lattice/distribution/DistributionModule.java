package io.lattice.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.bank.BankKeeper;
import io.lattice.bank.BankSender;
import io.lattice.consensus.app.BlockContext;
import io.lattice.consensus.app.VoteInfo;
import io.lattice.crypto.Address;
import io.lattice.crypto.CryptoException;
import io.lattice.proto.distribution.v1.DelegatorStart;
import io.lattice.proto.distribution.v1.MsgWithdrawDelegatorReward;
import io.lattice.proto.distribution.v1.MsgWithdrawValidatorCommission;
import io.lattice.proto.distribution.v1.Params;
import io.lattice.proto.distribution.v1.ValidatorRewards;
import io.lattice.proto.staking.v1.Delegation;
import io.lattice.proto.staking.v1.Validator;
import io.lattice.runtime.module.Context;
import io.lattice.runtime.module.GenesisJson;
import io.lattice.runtime.module.Invariant;
import io.lattice.runtime.module.Module;
import io.lattice.runtime.module.MsgType;
import io.lattice.runtime.module.QueryRoute;
import io.lattice.runtime.module.TxException;
import io.lattice.runtime.state.Codecs.StringPair;
import io.lattice.runtime.state.Schema;
import io.lattice.runtime.store.KVStore;
import io.lattice.runtime.tx.Addresses;
import io.lattice.runtime.tx.Coins;
import io.lattice.staking.Dec;
import io.lattice.staking.ProtoJson;
import io.lattice.staking.StakingView;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The distribution module. At the start of block {@code H}, when block {@code H − 1}'s commit has
 * signers known to staking, it moves the fee collector's reward-denom balance into its account,
 * mints the block provision ({@link Inflation}) there, takes the community tax, and splits the rest
 * between those signers in proportion to their power; what integer division leaves over goes to the
 * community pool.
 */
public final class DistributionModule implements Module {
  public static final String MSG_WITHDRAW_REWARD =
      "/lattice.distribution.v1.MsgWithdrawDelegatorReward";
  public static final String MSG_WITHDRAW_COMMISSION =
      "/lattice.distribution.v1.MsgWithdrawValidatorCommission";

  private static final Set<String> GENESIS_FIELDS =
      Set.of("params", "validator_rewards", "delegator_starts", "community_pool", "mint_remainder");
  private static final String PARAMS_PATH = "distribution.params";
  private static final Set<String> PARAM_FIELDS =
      Set.of("community_tax", "reward_denom", "inflation_rate", "blocks_per_year");

  private final DistributionKeeper keeper;
  private final BankSender bank;
  private final StakingView staking;

  public DistributionModule(DistributionKeeper keeper, BankSender bank, StakingView staking) {
    this.keeper = keeper;
    this.bank = bank;
    this.staking = staking;
  }

  public DistributionKeeper keeper() {
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
            MSG_WITHDRAW_REWARD,
            MsgWithdrawDelegatorReward.class,
            MsgWithdrawDelegatorReward.parser(),
            m -> List.of(m.getDelegatorAddress()),
            m -> {
              Addresses.check(m.getDelegatorAddress(), "delegator_address");
              Addresses.check(m.getValidatorAddress(), "validator_address");
            },
            (ctx, m) -> {
              if (staking
                  .delegation(ctx.store(), m.getDelegatorAddress(), m.getValidatorAddress())
                  .isEmpty()) {
                throw new TxException(
                    DistributionKeeper.NAME,
                    DistributionKeeper.CODE_NO_DELEGATION,
                    "no delegation from "
                        + m.getDelegatorAddress()
                        + " to "
                        + m.getValidatorAddress());
              }
              keeper.withdrawDelegatorReward(ctx, m.getDelegatorAddress(), m.getValidatorAddress());
            }),
        new MsgType<>(
            MSG_WITHDRAW_COMMISSION,
            MsgWithdrawValidatorCommission.class,
            MsgWithdrawValidatorCommission.parser(),
            m -> List.of(m.getValidatorAddress()),
            m -> Addresses.check(m.getValidatorAddress(), "validator_address"),
            (ctx, m) -> {
              if (staking.validator(ctx.store(), m.getValidatorAddress()).isEmpty()) {
                throw new TxException(
                    DistributionKeeper.NAME,
                    DistributionKeeper.CODE_NO_VALIDATOR,
                    "no validator " + m.getValidatorAddress());
              }
              keeper.withdrawCommission(ctx, m.getValidatorAddress());
            }));
  }

  // ---- begin block ----

  @Override
  public void beginBlock(Context ctx, BlockContext block) {
    try {
      allocate(ctx, block.lastCommitVotes());
    } catch (TxException e) {
      throw new IllegalStateException("distribution could not collect rewards: " + e.reason(), e);
    }
  }

  /** Moves {@code amount} of {@code denom} (when positive) from {@code from} to be distributed. */
  private void collect(Context ctx, String from, String denom, BigInteger amount)
      throws TxException {
    if (amount.signum() > 0) {
      bank.send(ctx, from, DistributionKeeper.MODULE_ACCOUNT, List.of(Coins.coin(denom, amount)));
    }
  }

  private void allocate(Context ctx, List<VoteInfo> votes) throws TxException {
    KVStore s = ctx.store();
    // Signers known to staking, by consensus address (sorted: deterministic whatever the order).
    SortedMap<String, Validator> signers = new TreeMap<>();
    SortedMap<String, Long> powers = new TreeMap<>();
    for (VoteInfo vote : votes) {
      if (!vote.signed() || vote.power() <= 0) {
        continue;
      }
      String consensus;
      try {
        consensus = Address.fromBytes(vote.address()).toString();
      } catch (CryptoException e) {
        continue;
      }
      Optional<Validator> v = staking.validatorByConsensusAddress(s, consensus);
      if (v.isPresent()) {
        signers.put(consensus, v.get());
        powers.put(consensus, vote.power());
      }
    }
    if (signers.isEmpty()) {
      return;
    }
    Params p = keeper.params(s);
    String denom = p.getRewardDenom();
    BigInteger fees = bank.balance(s, BankKeeper.FEE_COLLECTOR, denom);
    BigInteger minted = keeper.mintProvision(ctx);
    collect(ctx, BankKeeper.FEE_COLLECTOR, denom, fees);
    BigInteger total = fees.add(minted);
    if (total.signum() == 0) {
      return;
    }
    BigInteger tax = Dec.parse(p.getCommunityTax(), "community_tax").mulTruncate(total);
    BigInteger forValidators = total.subtract(tax);
    BigInteger signedPower = BigInteger.ZERO;
    for (long power : powers.values()) {
      signedPower = signedPower.add(BigInteger.valueOf(power));
    }
    BigInteger given = BigInteger.ZERO;
    for (Map.Entry<String, Validator> e : signers.entrySet()) {
      BigInteger share =
          forValidators.multiply(BigInteger.valueOf(powers.get(e.getKey()))).divide(signedPower);
      if (share.signum() > 0) {
        keeper.allocate(ctx, e.getValue(), share);
        given = given.add(share);
      }
    }
    BigInteger toPool = total.subtract(given);
    keeper.setCommunityPool(s, keeper.communityPool(s).add(toPool));
    ctx.emit(
        "distribution",
        "fees",
        fees.toString(),
        "minted",
        minted.toString(),
        "community_pool",
        toPool.toString(),
        "denom",
        denom);
  }

  // ---- genesis ----

  @Override
  public void initGenesis(Context ctx, JsonNode genesis) {
    GenesisJson.requireObject(genesis, "distribution", GENESIS_FIELDS);
    KVStore s = ctx.store();
    Settings settings = readParams(genesis.get("params"));
    keeper.setParams(s, settings.params());
    keeper.setInflation(s, settings.inflation());
    int i = 0;
    for (JsonNode n : ProtoJson.elements(genesis, "validator_rewards", "distribution")) {
      String path = "distribution.validator_rewards[" + i++ + "]";
      String v = GenesisJson.requireString(n, "validator_address", path);
      ObjectNode rest = ((ObjectNode) n).deepCopy();
      rest.remove("validator_address");
      keeper.setRewards(s, v, ProtoJson.read(rest, ValidatorRewards.newBuilder(), path).build());
    }
    i = 0;
    for (JsonNode n : ProtoJson.elements(genesis, "delegator_starts", "distribution")) {
      String path = "distribution.delegator_starts[" + i++ + "]";
      GenesisJson.requireObject(
          n, path, Set.of("delegator_address", "validator_address", "reward_per_share"));
      keeper.setStart(
          s,
          GenesisJson.requireString(n, "delegator_address", path),
          GenesisJson.requireString(n, "validator_address", path),
          DelegatorStart.newBuilder()
              .setRewardPerShare(GenesisJson.requireString(n, "reward_per_share", path))
              .build());
    }
    if (genesis.has("community_pool")) {
      String pool = GenesisJson.requireString(genesis, "community_pool", "distribution");
      if (!pool.matches("0|[1-9][0-9]{0,77}")) {
        throw new IllegalArgumentException("distribution.community_pool must be an integer");
      }
      keeper.setCommunityPool(s, new BigInteger(pool));
    }
    if (genesis.has("mint_remainder")) {
      Dec remainder =
          Dec.parse(
              GenesisJson.requireString(genesis, "mint_remainder", "distribution"),
              "distribution.mint_remainder");
      if (remainder.compareTo(Dec.ONE) >= 0) {
        throw new IllegalArgumentException(
            "distribution.mint_remainder must be < 1, got " + remainder);
      }
      keeper.setMintRemainder(s, remainder);
    }
  }

  /** The params section's values: the stored {@link Params} and the {@link Inflation}. */
  record Settings(Params params, Inflation inflation) {}

  /**
   * Reads and validates a params section; absent fields take their defaults ({@link
   * DistributionKeeper#DEFAULT_PARAMS}, {@link Inflation#DEFAULT}).
   *
   * @throws IllegalArgumentException naming the field: unknown field, community_tax or
   *     inflation_rate not a decimal in [0, 1], invalid reward_denom, blocks_per_year below 1
   */
  static Settings readParams(JsonNode node) {
    if (node == null) {
      return new Settings(DistributionKeeper.DEFAULT_PARAMS, Inflation.DEFAULT);
    }
    GenesisJson.requireObject(node, PARAMS_PATH, PARAM_FIELDS);
    Params d = DistributionKeeper.DEFAULT_PARAMS;
    Dec tax =
        Dec.parse(
            node.has("community_tax")
                ? GenesisJson.requireString(node, "community_tax", PARAMS_PATH)
                : d.getCommunityTax(),
            PARAMS_PATH + ".community_tax");
    if (tax.compareTo(Dec.ONE) > 0) {
      throw new IllegalArgumentException(PARAMS_PATH + ".community_tax must be <= 1, got " + tax);
    }
    String denom =
        node.has("reward_denom")
            ? GenesisJson.requireString(node, "reward_denom", PARAMS_PATH)
            : d.getRewardDenom();
    if (!Coins.isValidDenom(denom)) {
      throw new IllegalArgumentException(
          PARAMS_PATH + ".reward_denom '" + denom + "' is not a valid denom");
    }
    Dec rate =
        node.has("inflation_rate")
            ? Dec.parse(
                GenesisJson.requireString(node, "inflation_rate", PARAMS_PATH),
                PARAMS_PATH + ".inflation_rate")
            : Inflation.DEFAULT.rate();
    long blocksPerYear =
        GenesisJson.uint64(node, "blocks_per_year", PARAMS_PATH, Inflation.DEFAULT.blocksPerYear());
    Inflation inflation;
    try {
      inflation = new Inflation(rate, blocksPerYear);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(PARAMS_PATH + "." + e.getMessage(), e);
    }
    return new Settings(
        Params.newBuilder().setCommunityTax(tax.toString()).setRewardDenom(denom).build(),
        inflation);
  }

  static ObjectNode writeParams(Params params, Inflation inflation) {
    return GenesisJson.object()
        .put("community_tax", params.getCommunityTax())
        .put("reward_denom", params.getRewardDenom())
        .put("inflation_rate", inflation.rate().toString())
        .put("blocks_per_year", GenesisJson.uint64Text(inflation.blocksPerYear()));
  }

  private ObjectNode paramsJson(KVStore s) {
    return writeParams(keeper.params(s), keeper.inflation(s));
  }

  @Override
  public JsonNode exportGenesis(Context ctx) {
    KVStore s = ctx.store();
    ObjectNode out = GenesisJson.object();
    out.set("params", paramsJson(s));
    ArrayNode rs = out.putArray("validator_rewards");
    for (Map.Entry<String, ValidatorRewards> e : keeper.allRewards(s)) {
      ObjectNode o = rs.addObject().put("validator_address", e.getKey());
      o.setAll(ProtoJson.write(e.getValue()));
    }
    ArrayNode ds = out.putArray("delegator_starts");
    for (Map.Entry<StringPair, DelegatorStart> e : keeper.allStarts(s)) {
      ds.addObject()
          .put("delegator_address", e.getKey().first())
          .put("validator_address", e.getKey().second())
          .put("reward_per_share", e.getValue().getRewardPerShare());
    }
    out.put("community_pool", keeper.communityPool(s).toString());
    out.put("mint_remainder", keeper.mintRemainder(s).toString());
    return out;
  }

  @Override
  public JsonNode defaultGenesis() {
    ObjectNode out = GenesisJson.object();
    out.set("params", writeParams(DistributionKeeper.DEFAULT_PARAMS, Inflation.DEFAULT));
    return out;
  }

  @Override
  public JsonNode params(KVStore state) {
    return paramsJson(state);
  }

  /**
   * Replaces the params (every field required). {@code reward_denom} cannot change: accrued
   * rewards, the community pool and the module account hold the current denom.
   */
  @Override
  public void setParams(Context ctx, JsonNode json) {
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException(PARAMS_PATH + " must be a JSON object");
    }
    for (String f : List.of("community_tax", "reward_denom", "inflation_rate", "blocks_per_year")) {
      if (!json.has(f)) {
        throw new IllegalArgumentException(PARAMS_PATH + "." + f + " is required");
      }
    }
    Settings settings = readParams(json);
    KVStore s = ctx.store();
    String denom = keeper.params(s).getRewardDenom();
    if (!settings.params().getRewardDenom().equals(denom)) {
      throw new IllegalArgumentException(
          PARAMS_PATH + ".reward_denom cannot change (rewards are held in " + denom + ")");
    }
    keeper.setParams(s, settings.params());
    keeper.setInflation(s, settings.inflation());
    ctx.emit("params_changed", "module", name(), "params", paramsJson(s).toString());
  }

  // ---- invariants and queries ----

  @Override
  public List<Invariant> invariants() {
    return List.of(
        new Invariant(
            "outstanding-covers-claims",
            s -> {
              SortedMap<String, BigInteger> claims = new TreeMap<>();
              for (Delegation d : staking.allDelegations(s)) {
                claims.merge(
                    d.getValidatorAddress(),
                    keeper.pending(s, d.getDelegatorAddress(), d.getValidatorAddress()),
                    BigInteger::add);
              }
              for (Map.Entry<String, ValidatorRewards> e : keeper.allRewards(s)) {
                BigInteger outstanding = new BigInteger(e.getValue().getOutstanding());
                BigInteger owed =
                    claims
                        .getOrDefault(e.getKey(), BigInteger.ZERO)
                        .add(new BigInteger(e.getValue().getCommission()));
                if (outstanding.compareTo(owed) < 0) {
                  return Optional.of(
                      e.getKey()
                          + " holds "
                          + outstanding
                          + " but owes "
                          + owed
                          + " (commission + delegator rewards)");
                }
              }
              return Optional.empty();
            }),
        new Invariant(
            "module-balance",
            s -> {
              BigInteger sum = keeper.communityPool(s);
              for (Map.Entry<String, ValidatorRewards> e : keeper.allRewards(s)) {
                sum = sum.add(new BigInteger(e.getValue().getOutstanding()));
              }
              BigInteger held =
                  bank.balance(
                      s, DistributionKeeper.MODULE_ACCOUNT, keeper.params(s).getRewardDenom());
              return held.equals(sum)
                  ? Optional.empty()
                  : Optional.of(
                      "module account holds "
                          + held
                          + " but outstanding rewards + community pool = "
                          + sum);
            }));
  }

  @Override
  public List<QueryRoute> queries() {
    return List.of(
        new QueryRoute(
            "rewards",
            (s, req) -> {
              String del = GenesisJson.requireString(req, "delegator", "request");
              ObjectNode out = GenesisJson.object();
              ArrayNode arr = out.putArray("rewards");
              BigInteger total = BigInteger.ZERO;
              List<Delegation> mine = new ArrayList<>();
              for (Delegation d : staking.allDelegations(s)) {
                if (d.getDelegatorAddress().equals(del)) {
                  mine.add(d);
                }
              }
              for (Delegation d : mine) {
                BigInteger r = keeper.pending(s, del, d.getValidatorAddress());
                total = total.add(r);
                arr.addObject()
                    .put("validator_address", d.getValidatorAddress())
                    .put("amount", r.toString());
              }
              out.put("total", total.toString());
              out.put("denom", keeper.params(s).getRewardDenom());
              return out;
            }),
        new QueryRoute(
            "validator",
            (s, req) -> {
              String v = GenesisJson.requireString(req, "address", "request");
              ObjectNode o = ProtoJson.write(keeper.rewards(s, v));
              o.put("validator_address", v);
              return o;
            }),
        new QueryRoute(
            "mint",
            (s, req) -> {
              String denom = keeper.params(s).getRewardDenom();
              BigInteger supply = new BigInteger(bank.supply(s, denom).getAmount());
              Inflation inflation = keeper.inflation(s);
              Dec remainder = keeper.mintRemainder(s);
              return GenesisJson.object()
                  .put("denom", denom)
                  .put("supply", supply.toString())
                  .put("inflation_rate", inflation.rate().toString())
                  .put("blocks_per_year", GenesisJson.uint64Text(inflation.blocksPerYear()))
                  .put("annual_provisions", inflation.annualProvisions(supply).toString())
                  .put(
                      "next_block_provision",
                      inflation.provision(supply, remainder).minted().toString())
                  .put("mint_remainder", remainder.toString());
            }),
        new QueryRoute(
            "community_pool",
            (s, req) ->
                GenesisJson.object()
                    .put("amount", keeper.communityPool(s).toString())
                    .put("denom", keeper.params(s).getRewardDenom())));
  }
}
