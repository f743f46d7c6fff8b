package io.lattice.xchain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.proto.xchain.v1.Params;
import io.lattice.runtime.module.GenesisJson;
import io.lattice.runtime.store.KVStore;
import java.util.Set;

/** The module's params (modules/xchain/README.md "Params") and their JSON form. */
public final class ParamsKeeper {
  /**
   * xchain.md §5.1: 10 minutes and no height timeout; §2: 14 days; 10 s drift. A height timeout
   * counts from the light client's latest counterparty height, which lags by however long no
   * relayer updated the client: a chain whose relayer was idle for more than {@code
   * op_timeout_blocks} counterparty blocks would time out every new packet at once. Time does not
   * lag that way (each chain's block time follows its validators' clocks), so it is the default.
   */
  public static final Params DEFAULTS =
      Params.newBuilder()
          .setOpTimeoutBlocks(0)
          .setOpTimeoutMs(600_000)
          .setTrustingPeriodSeconds(14 * 24 * 3600)
          .setMaxClockDriftMs(10_000)
          .build();

  private static final Set<String> FIELDS =
      Set.of("op_timeout_blocks", "op_timeout_ms", "trusting_period_seconds", "max_clock_drift_ms");

  private final XchainKeys keys;

  ParamsKeeper(XchainKeys keys) {
    this.keys = keys;
  }

  public Params get(KVStore state) {
    return keys.params.getOrDefault(state, DEFAULTS);
  }

  void set(KVStore state, Params p) {
    keys.params.set(state, p);
  }

  /**
   * Parses and validates a params object; absent fields keep {@code base}'s values.
   *
   * @throws IllegalArgumentException naming the invalid or unknown field
   */
  static Params parse(JsonNode json, Params base, String path) {
    GenesisJson.requireObject(json, path, FIELDS);
    long blocks = GenesisJson.uint64(json, "op_timeout_blocks", path, base.getOpTimeoutBlocks());
    long ms = GenesisJson.uint64(json, "op_timeout_ms", path, base.getOpTimeoutMs());
    long trusting =
        GenesisJson.uint64(json, "trusting_period_seconds", path, base.getTrustingPeriodSeconds());
    long drift = GenesisJson.uint64(json, "max_clock_drift_ms", path, base.getMaxClockDriftMs());
    if (blocks == 0 && ms == 0) {
      throw new IllegalArgumentException(
          path
              + ": op_timeout_blocks and op_timeout_ms cannot both be 0 (a packet needs a timeout)");
    }
    if (blocks > 1_000_000_000L) {
      throw new IllegalArgumentException(path + ".op_timeout_blocks must be at most 1000000000");
    }
    if (ms > 365L * 24 * 3600 * 1000) {
      throw new IllegalArgumentException(path + ".op_timeout_ms must be at most one year");
    }
    if (trusting < 1 || trusting > 365L * 24 * 3600) {
      throw new IllegalArgumentException(
          path + ".trusting_period_seconds must be 1 .. 31536000, got " + trusting);
    }
    if (drift > 3_600_000) {
      throw new IllegalArgumentException(path + ".max_clock_drift_ms must be at most 3600000");
    }
    return Params.newBuilder()
        .setOpTimeoutBlocks(blocks)
        .setOpTimeoutMs(ms)
        .setTrustingPeriodSeconds(trusting)
        .setMaxClockDriftMs(drift)
        .build();
  }

  static ObjectNode toJson(Params p) {
    ObjectNode o = GenesisJson.object();
    o.put("op_timeout_blocks", GenesisJson.uint64Text(p.getOpTimeoutBlocks()));
    o.put("op_timeout_ms", Long.toString(p.getOpTimeoutMs()));
    o.put("trusting_period_seconds", Long.toString(p.getTrustingPeriodSeconds()));
    o.put("max_clock_drift_ms", Long.toString(p.getMaxClockDriftMs()));
    return o;
  }
}
