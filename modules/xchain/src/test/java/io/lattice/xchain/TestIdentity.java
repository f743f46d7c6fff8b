package io.lattice.xchain;

import com.fasterxml.jackson.databind.JsonNode;
import io.lattice.proto.identity.v1.EncryptionKeys;
import io.lattice.runtime.module.Context;
import io.lattice.runtime.module.GenesisJson;
import io.lattice.runtime.module.Module;
import io.lattice.runtime.module.TxException;
import io.lattice.runtime.state.Codec;
import io.lattice.runtime.state.Codecs;
import io.lattice.runtime.state.Schema;
import io.lattice.runtime.state.StateMap;
import io.lattice.runtime.store.KVStore;
import io.lattice.xchain.ops.IdentityRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The chat chain's identity side for xchain tests: a small module holding username → owner with the
 * identity module's refusals that matter here (name taken, case-insensitively; one name per
 * account). The real identity module is adapted to {@link IdentityRegistry} by module chains.
 */
final class TestIdentity implements Module, IdentityRegistry {
  static final Codec<String> TEXT =
      new Codec<>() {
        @Override
        public byte[] encode(String value) {
          return value.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String decode(byte[] bytes) {
          return new String(bytes, StandardCharsets.UTF_8);
        }
      };

  private final Schema schema = new Schema("identity");
  private final StateMap<String, String> byName = schema.map(1, "by_name", Codecs.STRING_KEY, TEXT);
  private final StateMap<String, String> byOwner =
      schema.map(2, "by_owner", Codecs.STRING_KEY, TEXT);

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public void register(Context ctx, String owner, String username, EncryptionKeys keys)
      throws TxException {
    String key = username.toLowerCase(Locale.ROOT);
    if (byName.has(ctx.store(), key)) {
      throw new TxException("identity", 2, "username " + username + " is taken");
    }
    if (byOwner.has(ctx.store(), owner)) {
      throw new TxException("identity", 3, owner + " already has a username");
    }
    byName.set(ctx.store(), key, owner);
    byOwner.set(ctx.store(), owner, key);
  }

  @Override
  public void remove(Context ctx, String owner, String username) {
    String key = username.toLowerCase(Locale.ROOT);
    if (byName.get(ctx.store(), key).filter(owner::equals).isPresent()) {
      byName.remove(ctx.store(), key);
      byOwner.remove(ctx.store(), owner);
    }
  }

  Optional<String> owner(KVStore state, String username) {
    return byName.get(state, username.toLowerCase(Locale.ROOT));
  }

  Map<String, String> all(KVStore state) {
    Map<String, String> out = new TreeMap<>();
    byName.entries(state).forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
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
