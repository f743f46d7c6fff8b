package io.lattice.reputation;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Message;
import io.lattice.runtime.module.Context;
import io.lattice.runtime.module.GenesisJson;
import io.lattice.runtime.module.Module;
import io.lattice.runtime.module.MsgType;
import io.lattice.runtime.state.Schema;
import io.lattice.runtime.store.CacheStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Test stand-in for the gov module executing passed proposals: at end block it runs the queued
 * messages (as the gov module account, which no key can sign for) and parameter changes, each in
 * its own cache layer that is written only on success, and records each outcome.
 */
public final class GovExecutor implements Module {
  private final Schema schema = new Schema("testgov");
  private final List<Module> modules;
  private final Map<String, MsgType<?>> router = new HashMap<>();
  private final Deque<Action> queue = new ArrayDeque<>();

  /** Outcome of each executed action in order: empty = success, else the refusal reason. */
  public final List<Optional<String>> results = new ArrayList<>();

  private sealed interface Action {}

  private record Execute(Message msg) implements Action {}

  private record SetParams(String module, JsonNode params) implements Action {}

  public GovExecutor(List<Module> modules) {
    this.modules = modules;
    for (Module m : modules) {
      for (MsgType<?> t : m.messages()) {
        router.put(t.typeUrl(), t);
      }
    }
  }

  public void execute(Message msg) {
    queue.add(new Execute(msg));
  }

  public void setParams(String module, JsonNode params) {
    queue.add(new SetParams(module, params));
  }

  /** The outcome of the last executed action. */
  public Optional<String> last() {
    return results.get(results.size() - 1);
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public void endBlock(Context ctx) {
    while (!queue.isEmpty()) {
      Action a = queue.poll();
      CacheStore layer = new CacheStore(ctx.store());
      Context c = new Context(layer, ctx.gas(), ctx.chainId(), ctx.height(), ctx.time());
      try {
        switch (a) {
          case Execute e -> {
            MsgType<?> t = router.get(MsgType.typeUrlOf(e.msg()));
            t.checkUntyped(e.msg());
            t.handleUntyped(c, e.msg());
          }
          case SetParams p ->
              modules.stream()
                  .filter(m -> m.name().equals(p.module()))
                  .findFirst()
                  .orElseThrow()
                  .setParams(c, p.params());
        }
        layer.write();
        c.events().forEach(ctx::emit);
        results.add(Optional.empty());
      } catch (io.lattice.runtime.module.TxException e) {
        results.add(Optional.of(e.reason()));
      } catch (IllegalArgumentException e) {
        results.add(Optional.of(e.getMessage()));
      }
    }
  }

  @Override
  public void initGenesis(Context ctx, JsonNode genesis) {
    GenesisJson.requireObject(genesis, "testgov", java.util.Set.of());
  }

  @Override
  public JsonNode exportGenesis(Context ctx) {
    return GenesisJson.object();
  }

  @Override
  public JsonNode defaultGenesis() {
    return GenesisJson.object();
  }
}
