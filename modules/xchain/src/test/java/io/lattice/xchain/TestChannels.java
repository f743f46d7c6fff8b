package io.lattice.xchain;

import com.fasterxml.jackson.databind.JsonNode;
import io.lattice.runtime.module.Context;
import io.lattice.runtime.module.GenesisJson;
import io.lattice.runtime.module.Module;
import io.lattice.runtime.module.TxException;
import io.lattice.runtime.state.Codecs;
import io.lattice.runtime.state.Schema;
import io.lattice.runtime.state.StateMap;
import io.lattice.runtime.store.KVStore;
import io.lattice.xchain.ops.ChannelRegistry;
import java.util.Optional;

/** The chat chain's channels side for xchain tests: channel name → owner, names unique. */
final class TestChannels implements Module, ChannelRegistry {
  private final Schema schema = new Schema("channels");
  private final StateMap<String, String> byName =
      schema.map(1, "by_name", Codecs.STRING_KEY, TestIdentity.TEXT);

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public void create(Context ctx, String owner, String name, boolean inviteOnly)
      throws TxException {
    if (byName.has(ctx.store(), name)) {
      throw new TxException("channels", 2, "channel " + name + " exists");
    }
    byName.set(ctx.store(), name, owner);
  }

  @Override
  public void remove(Context ctx, String name) {
    byName.remove(ctx.store(), name);
  }

  Optional<String> owner(KVStore state, String name) {
    return byName.get(state, name);
  }

  @Override
  public void initGenesis(Context ctx, JsonNode genesis) {}

  @Override
  public JsonNode exportGenesis(Context ctx) {
    return GenesisJson.object();
  }

  @Override
  public JsonNode defaultGenesis() {
    return GenesisJson.object();
  }
}
