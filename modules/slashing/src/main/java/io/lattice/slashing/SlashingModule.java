package io.lattice.slashing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.lattice.consensus.app.BlockContext;
import io.lattice.consensus.app.Misbehavior;
import io.lattice.consensus.app.VoteInfo;
import io.lattice.crypto.Address;
import io.lattice.crypto.CryptoException;
import io.lattice.proto.slashing.v1.MsgUnjail;
import io.lattice.proto.slashing.v1.Params;
import io.lattice.proto.slashing.v1.SigningInfo;
import io.lattice.proto.staking.v1.Validator;
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
import io.lattice.staking.Dec;
import io.lattice.staking.ProtoJson;
import io.lattice.staking.StakingSlasher;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The slashing module. At the start of each block it records which validators signed the last
 * commit and jails those that missed too many of the last {@code signed_blocks_window} blocks, and
 * it slashes and tombstones validators the block's evidence shows double signing.
 */
public final class SlashingModule implements Module {
  public static final String MSG_UNJAIL = "/lattice.slashing.v1.MsgUnjail";

  /** {@code jailed_until} of a tombstoned validator: it can never unjail. */
  public static final long FOREVER = Long.MAX_VALUE;

  private final SlashingKeeper keeper;
  private final StakingSlasher staking;

  public SlashingModule(SlashingKeeper keeper, StakingSlasher staking) {
    this.keeper = keeper;
    this.staking = staking;
  }

  public SlashingKeeper keeper() {
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
            MSG_UNJAIL,
            MsgUnjail.class,
            MsgUnjail.parser(),
            m -> List.of(m.getValidatorAddress()),
            m -> Addresses.check(m.getValidatorAddress(), "validator_address"),
            this::handleUnjail));
  }

  private void handleUnjail(Context ctx, MsgUnjail m) throws TxException {
    KVStore s = ctx.store();
    String op = m.getValidatorAddress();
    Validator v =
        staking
            .validator(s, op)
            .orElseThrow(() ->
                new TxException(
                    SlashingKeeper.NAME, SlashingKeeper.CODE_NO_VALIDATOR, "no validator " + op));
    if (!v.getJailed()) {
      throw new TxException(
          SlashingKeeper.NAME,
          SlashingKeeper.CODE_NOT_JAILED,
          "validator " + op + " is not jailed");
    }
    Optional<SigningInfo> info = keeper.signingInfo(s, v.getConsensusAddress());
    if (info.isPresent() && info.get().getTombstoned()) {
      throw new TxException(
          SlashingKeeper.NAME,
          SlashingKeeper.CODE_TOMBSTONED,
          "validator " + op + " is tombstoned (double sign) and can never unjail");
    }
    long until = info.map(SigningInfo::getJailedUntil).orElse(0L);
    if (ctx.time().getEpochSecond() < until) {
      throw new TxException(
          SlashingKeeper.NAME,
          SlashingKeeper.CODE_JAILED_TOO_SOON,
          "validator "
              + op
              + " is jailed until "
              + until
              + " (unix seconds), now "
              + ctx.time().getEpochSecond());
    }
    BigInteger self = staking.selfDelegation(s, v);
    BigInteger min = new BigInteger(v.getMinSelfDelegation());
    if (self.compareTo(min) < 0) {
      throw new TxException(
          SlashingKeeper.NAME,
          SlashingKeeper.CODE_SELF_DELEGATION_TOO_LOW,
          "self-delegation " + self + " < min_self_delegation " + min);
    }
    staking.unjail(ctx, op);
  }

  // ---- begin block ----

  @Override
  public void beginBlock(Context ctx, BlockContext block) {
    try {
      for (VoteInfo vote : block.lastCommitVotes()) {
        handleVote(ctx, address(vote.address()), vote.signed());
      }
      for (Misbehavior m : block.misbehavior()) {
        handleMisbehavior(ctx, m);
      }
    } catch (TxException e) {
      throw new IllegalStateException("slashing could not move slashed tokens: " + e.reason(), e);
    }
  }

  private static Optional<String> address(byte[] raw) {
    try {
      return Optional.of(Address.fromBytes(raw).toString());
    } catch (CryptoException e) {
      return Optional.empty();
    }
  }

  /**
   * The signing record of {@code consensus}, or a new one starting at this block with an empty
   * missed-blocks bitmap of {@code window} bits.
   */
  private SigningInfo signingInfoOrNew(Context ctx, String consensus, long window) {
    return keeper
        .signingInfo(ctx.store(), consensus)
        .orElse(
            SigningInfo.newBuilder()
                .setAddress(consensus)
                .setStartHeight(ctx.height())
                .setMissedBlocks(ByteString.copyFrom(new byte[(int) ((window + 7) / 8)]))
                .build());
  }

  /** The validator a consensus address belongs to; empty for an invalid or unknown address. */
  private Optional<Validator> validatorOf(KVStore s, Optional<String> consensus) {
    return consensus.isEmpty()
        ? Optional.empty()
        : staking.validatorByConsensusAddress(s, consensus.get());
  }

  private void handleVote(Context ctx, Optional<String> consensus, boolean signed)
      throws TxException {
    KVStore s = ctx.store();
    Optional<Validator> found = validatorOf(s, consensus);
    if (found.isEmpty()) {
      return;
    }
    Params p = keeper.params(s);
    long window = p.getSignedBlocksWindow();
    SigningInfo info = signingInfoOrNew(ctx, consensus.get(), window);
    byte[] bitmap = info.getMissedBlocks().toByteArray();
    if (bitmap.length * 8L < window) {
      bitmap = java.util.Arrays.copyOf(bitmap, (int) ((window + 7) / 8));
    }
    int index = (int) (info.getIndexOffset() % window);
    boolean wasMissed = (bitmap[index / 8] & (1 << (index % 8))) != 0;
    long missed = info.getMissedBlocksCounter();
    if (!signed && !wasMissed) {
      bitmap[index / 8] |= (byte) (1 << (index % 8));
      missed++;
    } else if (signed && wasMissed) {
      bitmap[index / 8] &= (byte) ~(1 << (index % 8));
      missed--;
    }
    SigningInfo.Builder b =
        info.toBuilder()
            .setIndexOffset(info.getIndexOffset() + 1)
            .setMissedBlocksCounter(missed)
            .setMissedBlocks(ByteString.copyFrom(bitmap));
    if (!signed) {
      ctx.emit(
          "liveness",
          "address",
          consensus.get(),
          "missed_blocks",
          Long.toString(missed),
          "height",
          Long.toString(ctx.height()));
    }
    Validator v = found.get();
    boolean windowFull = ctx.height() >= info.getStartHeight() + window;
    if (windowFull && missed > SlashingKeeper.maxMissed(p) && !v.getJailed()) {
      long infraction = Math.max(1, ctx.height() - 2);
      staking.slash(
          ctx,
          v.getOperatorAddress(),
          infraction,
          Dec.parse(p.getSlashFractionDowntime(), "slash_fraction_downtime"));
      staking.jail(ctx, v.getOperatorAddress());
      long until = ctx.time().getEpochSecond() + p.getDowntimeJailDurationSeconds();
      b.setJailedUntil(until)
          .setMissedBlocksCounter(0)
          .setIndexOffset(0)
          .setMissedBlocks(ByteString.copyFrom(new byte[bitmap.length]));
      ctx.emit(
          "slash",
          "address",
          consensus.get(),
          "reason",
          "missing_signature",
          "jailed_until",
          Long.toString(until));
    }
    keeper.setSigningInfo(s, b.build());
  }

  private void handleMisbehavior(Context ctx, Misbehavior m) throws TxException {
    if (m.type() != Misbehavior.Type.DUPLICATE_VOTE) {
      return;
    }
    Optional<String> consensus = address(m.validatorAddress());
    KVStore s = ctx.store();
    Optional<Validator> found = validatorOf(s, consensus);
    if (found.isEmpty()) {
      return;
    }
    Params p = keeper.params(s);
    long ageBlocks = ctx.height() - m.height();
    long ageSeconds = ctx.time().getEpochSecond() - m.time().getEpochSecond();
    if (ageBlocks > p.getMaxEvidenceAgeBlocks() && ageSeconds > p.getMaxEvidenceAgeSeconds()) {
      ctx.emit(
          "evidence_ignored",
          "address",
          consensus.get(),
          "reason",
          "too_old",
          "height",
          Long.toString(m.height()));
      return;
    }
    SigningInfo info = signingInfoOrNew(ctx, consensus.get(), p.getSignedBlocksWindow());
    if (info.getTombstoned()) {
      return;
    }
    Validator v = found.get();
    staking.slash(
        ctx,
        v.getOperatorAddress(),
        m.height(),
        Dec.parse(p.getSlashFractionDoubleSign(), "slash_fraction_double_sign"));
    staking.jail(ctx, v.getOperatorAddress());
    keeper.setSigningInfo(s, info.toBuilder().setTombstoned(true).setJailedUntil(FOREVER).build());
    ctx.emit(
        "slash",
        "address",
        consensus.get(),
        "reason",
        "double_sign",
        "infraction_height",
        Long.toString(m.height()));
  }

  // ---- genesis, params, invariants, queries ----

  private static final Set<String> GENESIS_FIELDS = Set.of("params", "signing_infos");

  @Override
  public void initGenesis(Context ctx, JsonNode genesis) {
    GenesisJson.requireObject(genesis, "slashing", GENESIS_FIELDS);
    Params p =
        genesis.has("params")
            ? ProtoJson.read(genesis.get("params"), Params.newBuilder(), "slashing.params").build()
            : SlashingKeeper.DEFAULT_PARAMS;
    checkParams(p);
    keeper.setParams(ctx.store(), p);
    int i = 0;
    for (JsonNode n : ProtoJson.elements(genesis, "signing_infos", "slashing")) {
      keeper.setSigningInfo(
          ctx.store(),
          ProtoJson.read(n, SigningInfo.newBuilder(), "slashing.signing_infos[" + i++ + "]")
              .build());
    }
  }

  static void checkParams(Params p) {
    if (p.getSignedBlocksWindow() <= 0 || p.getSignedBlocksWindow() > 1_000_000) {
      throw new IllegalArgumentException("slashing.params.signed_blocks_window must be 1..1000000");
    }
    for (String[] f :
        new String[][] {
          {"min_signed_per_window", p.getMinSignedPerWindow()},
          {"slash_fraction_double_sign", p.getSlashFractionDoubleSign()},
          {"slash_fraction_downtime", p.getSlashFractionDowntime()}
        }) {
      if (Dec.parse(f[1], "slashing.params." + f[0]).compareTo(Dec.ONE) > 0) {
        throw new IllegalArgumentException("slashing.params." + f[0] + " must be <= 1");
      }
    }
    if (p.getDowntimeJailDurationSeconds() < 0 || p.getMaxEvidenceAgeSeconds() < 0) {
      throw new IllegalArgumentException("slashing.params durations must be >= 0");
    }
  }

  @Override
  public JsonNode exportGenesis(Context ctx) {
    ObjectNode out = ProtoJson.genesisWithParams(keeper.params(ctx.store()));
    ArrayNode arr = out.putArray("signing_infos");
    keeper.signingInfos(ctx.store()).forEach(i -> arr.add(ProtoJson.write(i)));
    return out;
  }

  @Override
  public JsonNode defaultGenesis() {
    return ProtoJson.genesisWithParams(SlashingKeeper.DEFAULT_PARAMS);
  }

  @Override
  public JsonNode params(KVStore state) {
    return ProtoJson.write(keeper.params(state));
  }

  /**
   * Replaces the params (the shape {@link #params} writes: an absent field is zero, as that form
   * omits zero values). A new {@code signed_blocks_window} restarts every validator's liveness
   * window at this height (missed-block bitmaps cleared and resized), since bitmaps indexed modulo
   * the old window mean nothing under the new one.
   */
  @Override
  public void setParams(Context ctx, JsonNode json) {
    Params p = ProtoJson.read(json, Params.newBuilder(), "slashing.params").build();
    checkParams(p);
    KVStore s = ctx.store();
    long oldWindow = keeper.params(s).getSignedBlocksWindow();
    keeper.setParams(s, p);
    if (p.getSignedBlocksWindow() != oldWindow) {
      byte[] empty = new byte[(int) ((p.getSignedBlocksWindow() + 7) / 8)];
      for (SigningInfo info : keeper.signingInfos(s)) {
        keeper.setSigningInfo(
            s,
            info.toBuilder()
                .setStartHeight(ctx.height())
                .setIndexOffset(0)
                .setMissedBlocksCounter(0)
                .setMissedBlocks(ByteString.copyFrom(empty))
                .build());
      }
    }
    ctx.emit("params_changed", "module", name(), "params", ProtoJson.write(p).toString());
  }

  @Override
  public List<Invariant> invariants() {
    return List.of(
        new Invariant(
            "tombstoned-jailed",
            s -> {
              for (SigningInfo i : keeper.signingInfos(s)) {
                if (i.getTombstoned()) {
                  Optional<Validator> v = staking.validatorByConsensusAddress(s, i.getAddress());
                  if (v.isPresent() && !v.get().getJailed()) {
                    return Optional.of("tombstoned validator " + i.getAddress() + " is not jailed");
                  }
                }
              }
              return Optional.empty();
            }),
        new Invariant(
            "missed-counter",
            s -> {
              for (SigningInfo i : keeper.signingInfos(s)) {
                long bits = 0;
                for (byte b : i.getMissedBlocks().toByteArray()) {
                  bits += Integer.bitCount(b & 0xFF);
                }
                if (bits != i.getMissedBlocksCounter()) {
                  return Optional.of(
                      i.getAddress()
                          + " counts "
                          + i.getMissedBlocksCounter()
                          + " missed blocks, bitmap has "
                          + bits);
                }
              }
              return Optional.empty();
            }));
  }

  @Override
  public List<QueryRoute> queries() {
    return List.of(
        new QueryRoute(
            "signing_info",
            (s, req) -> {
              String addr = GenesisJson.requireString(req, "address", "request");
              return ProtoJson.write(
                  keeper
                      .signingInfo(s, addr)
                      .orElseThrow(
                          () -> new IllegalArgumentException("no signing info for " + addr)));
            }));
  }
}
