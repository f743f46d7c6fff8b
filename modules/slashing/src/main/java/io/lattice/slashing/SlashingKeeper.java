package io.lattice.slashing;

import io.lattice.proto.slashing.v1.Params;
import io.lattice.proto.slashing.v1.SigningInfo;
import io.lattice.runtime.state.Codecs;
import io.lattice.runtime.state.Item;
import io.lattice.runtime.state.Schema;
import io.lattice.runtime.state.StateMap;
import io.lattice.runtime.store.KVStore;
import io.lattice.staking.Dec;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Slashing state: params and signing info by consensus address. Layout: {@code slashing/ 0x01 →
 * Params}, {@code slashing/ 0x02 ‖ len ‖ consensus address → SigningInfo}.
 */
public final class SlashingKeeper {
  public static final String NAME = "slashing";

  public static final int CODE_NO_VALIDATOR = 2;
  public static final int CODE_NOT_JAILED = 3;
  public static final int CODE_JAILED_TOO_SOON = 4;
  public static final int CODE_TOMBSTONED = 5;
  public static final int CODE_SELF_DELEGATION_TOO_LOW = 6;

  public static final Params DEFAULT_PARAMS =
      Params.newBuilder()
          .setSignedBlocksWindow(100)
          .setMinSignedPerWindow("0.500000000000000000")
          .setDowntimeJailDurationSeconds(600)
          .setSlashFractionDoubleSign("0.050000000000000000")
          .setSlashFractionDowntime("0.010000000000000000")
          .setMaxEvidenceAgeBlocks(100_000)
          .setMaxEvidenceAgeSeconds(21L * 24 * 3600)
          .build();

  private final Schema schema = new Schema(NAME);
  private final Item<Params> params = schema.item(1, "params", Codecs.proto(Params.parser()));
  private final StateMap<String, SigningInfo> infos =
      schema.map(2, "signing_infos", Codecs.STRING_KEY, Codecs.proto(SigningInfo.parser()));

  public Schema schema() {
    return schema;
  }

  public Params params(KVStore state) {
    return params.getOrDefault(state, DEFAULT_PARAMS);
  }

  public void setParams(KVStore state, Params p) {
    params.set(state, p);
  }

  public Optional<SigningInfo> signingInfo(KVStore state, String consensusAddress) {
    return infos.get(state, consensusAddress);
  }

  public void setSigningInfo(KVStore state, SigningInfo info) {
    infos.set(state, info.getAddress(), info);
  }

  /** Every signing info, ascending by consensus address. */
  public List<SigningInfo> signingInfos(KVStore state) {
    return infos.entries(state).stream().map(Map.Entry::getValue).toList();
  }

  /**
   * The most blocks a validator may miss in a window: {@code floor(window × (1 − min_signed))}, so
   * that missing more than {@code window × (1 − min_signed)} blocks means jail.
   */
  public static long maxMissed(Params p) {
    Dec minSigned = Dec.parse(p.getMinSignedPerWindow(), "min_signed_per_window");
    long window = p.getSignedBlocksWindow();
    return Dec.ONE
        .subtract(minSigned)
        .mulTruncate(java.math.BigInteger.valueOf(window))
        .longValueExact();
  }
}
