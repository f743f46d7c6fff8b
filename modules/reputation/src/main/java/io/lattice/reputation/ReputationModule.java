package io.lattice.reputation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.bank.ModuleAccount;
import io.lattice.consensus.app.BlockContext;
import io.lattice.proto.reputation.v1.MsgAdjustReputation;
import io.lattice.proto.reputation.v1.Params;
import io.lattice.proto.reputation.v1.Score;
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
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The reputation module: a score of 0..100 per account that governance adjusts with {@link
 * MsgAdjustReputation} and that drops by {@code slash_penalty} when the account's validator is
 * slashed ({@link SlashReputationHook}, run from begin and end block: place this module after
 * slashing and staking). Spec: modules/reputation/README.md.
 */
public final class ReputationModule implements Module {
  public static final String MSG_ADJUST = "/lattice.reputation.v1.MsgAdjustReputation";

  /** The only account that may send {@link MsgAdjustReputation}. */
  public static final String GOV_AUTHORITY = new ModuleAccount("gov").address();

  public static final int MAX_REASON_BYTES = 256;

  private final ReputationKeeper keeper;
  private final SlashReputationHook slashHook;

  public ReputationModule(ReputationKeeper keeper) {
    this.keeper = keeper;
    this.slashHook = new SlashReputationHook(keeper);
  }

  public ReputationKeeper keeper() {
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
            MSG_ADJUST,
            MsgAdjustReputation.class,
            MsgAdjustReputation.parser(),
            m -> List.of(m.getAuthority()),
            ReputationModule::checkAdjust,
            this::handleAdjust));
  }

  private static void checkAdjust(MsgAdjustReputation m) throws TxException {
    Addresses.check(m.getAuthority(), "authority");
    Addresses.check(m.getAddress(), "address");
    if (m.getDelta() == 0) {
      throw Codes.error(Codes.INVALID_REQUEST, "delta must not be zero");
    }
    if (m.getReason().getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES) {
      throw Codes.error(
          Codes.INVALID_REQUEST, "reason is longer than " + MAX_REASON_BYTES + " bytes");
    }
  }

  private void handleAdjust(Context ctx, MsgAdjustReputation m) throws TxException {
    if (!m.getAuthority().equals(GOV_AUTHORITY)) {
      throw Codes.error(
          Codes.UNAUTHORIZED,
          "unauthorized: authority must be the gov module account "
              + GOV_AUTHORITY
              + ", got "
              + m.getAuthority());
    }
    long max = keeper.params(ctx.store()).getMaxDelta();
    long delta = m.getDelta();
    if (delta == Long.MIN_VALUE || Math.abs(delta) > max) {
      throw new TxException(
          ReputationKeeper.NAME,
          ReputationKeeper.CODE_DELTA_TOO_LARGE,
          "|delta| "
              + (delta == Long.MIN_VALUE ? "2^63" : Math.abs(delta))
              + " > max_delta "
              + max);
    }
    keeper.adjust(ctx, m.getAddress(), delta, "gov");
    if (!m.getReason().isEmpty()) {
      ctx.emit("reputation.adjusted", "address", m.getAddress(), "reason", m.getReason());
    }
  }

  // ---- slash penalties ----

  @Override
  public void beginBlock(Context ctx, BlockContext block) {
    slashHook.onBlockEvents(ctx);
  }

  @Override
  public void endBlock(Context ctx) {
    slashHook.onBlockEvents(ctx);
  }

  // ---- genesis and params ----

  private static final Set<String> GENESIS_FIELDS = Set.of("params", "scores");
  private static final Set<String> PARAM_FIELDS =
      Set.of("default_score", "max_delta", "slash_penalty");
  private static final Set<String> SCORE_FIELDS = Set.of("address", "score");

  @Override
  public void initGenesis(Context ctx, JsonNode genesis) {
    GenesisJson.requireObject(genesis, "reputation", GENESIS_FIELDS);
    Params p =
        genesis.has("params")
            ? readParams(genesis.get("params"), ReputationKeeper.DEFAULT_PARAMS, "params")
            : ReputationKeeper.DEFAULT_PARAMS;
    ReputationKeeper.checkParams(p);
    Set<String> seen = new HashSet<>();
    List<Score> scores = new java.util.ArrayList<>();
    int i = 0;
    for (JsonNode n : GenesisJson.optionalArray(genesis, "scores", "reputation")) {
      String at = "reputation.scores[" + i++ + "]";
      GenesisJson.requireObject(n, at, SCORE_FIELDS);
      String address = GenesisJson.requireString(n, "address", at);
      try {
        Addresses.check(address, at + ".address");
      } catch (TxException e) {
        throw new IllegalArgumentException(e.reason(), e);
      }
      if (!seen.add(address)) {
        throw new IllegalArgumentException(at + ": duplicate score for " + address);
      }
      long score = GenesisJson.uint64(n, "score", at, -1);
      if (score < ReputationKeeper.MIN_SCORE || score > ReputationKeeper.MAX_SCORE) {
        throw new IllegalArgumentException(at + ".score must be 0..100");
      }
      scores.add(Score.newBuilder().setAddress(address).setScore(score).build());
    }
    keeper.setParams(ctx.store(), p);
    scores.forEach(s -> keeper.setScore(ctx.store(), s));
  }

  /** Params from JSON; a field left out keeps its value in {@code base}. */
  static Params readParams(JsonNode node, Params base, String path) {
    String at = "reputation." + path;
    GenesisJson.requireObject(node, at, PARAM_FIELDS);
    return Params.newBuilder()
        .setDefaultScore(GenesisJson.uint64(node, "default_score", at, base.getDefaultScore()))
        .setMaxDelta(GenesisJson.uint64(node, "max_delta", at, base.getMaxDelta()))
        .setSlashPenalty(GenesisJson.uint64(node, "slash_penalty", at, base.getSlashPenalty()))
        .build();
  }

  static ObjectNode writeParams(Params p) {
    ObjectNode out = GenesisJson.object();
    out.put("default_score", GenesisJson.uint64Text(p.getDefaultScore()));
    out.put("max_delta", GenesisJson.uint64Text(p.getMaxDelta()));
    out.put("slash_penalty", GenesisJson.uint64Text(p.getSlashPenalty()));
    return out;
  }

  @Override
  public JsonNode exportGenesis(Context ctx) {
    ObjectNode out = GenesisJson.object();
    out.set("params", writeParams(keeper.params(ctx.store())));
    ArrayNode arr = out.putArray("scores");
    for (Score s : keeper.scores(ctx.store())) {
      arr.addObject()
          .put("address", s.getAddress())
          .put("score", GenesisJson.uint64Text(s.getScore()));
    }
    return out;
  }

  @Override
  public JsonNode defaultGenesis() {
    ObjectNode out = GenesisJson.object();
    out.set("params", writeParams(ReputationKeeper.DEFAULT_PARAMS));
    return out;
  }

  @Override
  public JsonNode params(KVStore state) {
    return writeParams(keeper.params(state));
  }

  /**
   * Fields left out keep their current values; everything is checked before anything is written.
   */
  @Override
  public void setParams(Context ctx, JsonNode params) {
    Params p = readParams(params, keeper.params(ctx.store()), "params");
    keeper.setParams(ctx.store(), p);
    ctx.emit(
        "reputation.params",
        "default_score",
        Long.toString(p.getDefaultScore()),
        "max_delta",
        Long.toString(p.getMaxDelta()),
        "slash_penalty",
        Long.toString(p.getSlashPenalty()));
  }

  // ---- invariants and queries ----

  @Override
  public List<Invariant> invariants() {
    return List.of(
        new Invariant(
            "score-range",
            s -> {
              for (Score sc : keeper.scores(s)) {
                if (sc.getScore() < ReputationKeeper.MIN_SCORE
                    || sc.getScore() > ReputationKeeper.MAX_SCORE) {
                  return Optional.of(sc.getAddress() + " has score " + sc.getScore());
                }
              }
              return Optional.empty();
            }));
  }

  @Override
  public List<QueryRoute> queries() {
    return List.of(
        new QueryRoute(
            "score",
            (s, req) -> {
              String address = GenesisJson.requireString(req, "address", "request");
              try {
                Addresses.check(address, "address");
              } catch (TxException e) {
                throw new IllegalArgumentException(e.reason(), e);
              }
              ObjectNode out = GenesisJson.object();
              out.put("address", address);
              out.put("score", keeper.reputation(s, address));
              return out;
            }),
        new QueryRoute("params", (s, req) -> params(s)));
  }
}
