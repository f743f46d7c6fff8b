package io.lattice.gov;

import com.fasterxml.jackson.databind.JsonNode;
import io.lattice.proto.gov.v1.ParamChange;
import io.lattice.runtime.module.Context;
import io.lattice.runtime.module.GenesisJson;
import io.lattice.runtime.module.Module;
import io.lattice.runtime.module.MsgType;
import io.lattice.runtime.module.QueryRoute;
import io.lattice.runtime.module.TxException;
import io.lattice.runtime.state.Codecs;
import io.lattice.runtime.state.Item;
import io.lattice.runtime.state.Schema;
import io.lattice.runtime.tx.Codes;
import java.util.List;

/**
 * A small module for gov's tests with one governance-only message, {@value #MSG_SET}: it reuses
 * {@link ParamChange} as its message ({@code module} = authority, {@code params_json} = the value
 * to store) and refuses any authority but gov's, or the value "fail".
 */
final class ProbeModule implements Module {
  static final String MSG_SET = "/lattice.probe.v1.MsgSet";

  private static final Schema SCHEMA = new Schema("probe");
  private static final Item<Long> value = SCHEMA.item(1, "value", Codecs.UINT64);

  @Override
  public Schema schema() {
    return SCHEMA;
  }

  @Override
  public List<MsgType<?>> messages() {
    return List.of(
        new MsgType<>(
            MSG_SET,
            ParamChange.class,
            ParamChange.parser(),
            m -> List.of(m.getModule()),
            m -> {
              if (!m.getParamsJson().matches("[0-9]{1,18}|fail")) {
                throw Codes.error(Codes.INVALID_REQUEST, "value must be a number");
              }
            },
            (Context ctx, ParamChange m) -> {
              if (!m.getModule().equals(GovKeeper.AUTHORITY)) {
                throw new TxException(
                    "probe", 2, "unauthorized: authority must be the gov module account");
              }
              if (m.getParamsJson().equals("fail")) {
                throw new TxException("probe", 3, "refused on purpose");
              }
              value.set(ctx.store(), Long.parseLong(m.getParamsJson()));
              ctx.emit("probe_set", "value", m.getParamsJson());
            }));
  }

  @Override
  public void initGenesis(Context ctx, JsonNode genesis) {
    value.set(ctx.store(), GenesisJson.uint64(genesis, "value", "probe", 0));
  }

  @Override
  public JsonNode exportGenesis(Context ctx) {
    return GenesisJson.object()
        .put("value", GenesisJson.uint64Text(value.getOrDefault(ctx.store(), 0L)));
  }

  @Override
  public JsonNode defaultGenesis() {
    return GenesisJson.object();
  }

  @Override
  public List<QueryRoute> queries() {
    return List.of(
        new QueryRoute(
            "value",
            (s, req) -> GenesisJson.object().put("value", value.getOrDefault(s, 0L).longValue())));
  }

  static ParamChange set(String authority, String v) {
    return ParamChange.newBuilder().setModule(authority).setParamsJson(v).build();
  }
}
