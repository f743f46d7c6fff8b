package io.lattice.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.lattice.auth.AuthKeeper;
import io.lattice.auth.AuthModule;
import io.lattice.consensus.app.BlockContext;
import io.lattice.consensus.app.FinalizedBlock;
import io.lattice.crypto.Verifier;
import io.lattice.proto.tx.v1.Coin;
import io.lattice.proto.types.v1.TxResult;
import io.lattice.runtime.AppConfig;
import io.lattice.runtime.LatticeApp;
import io.lattice.runtime.module.Context;
import io.lattice.runtime.module.GenesisJson;
import io.lattice.runtime.module.Invariant;
import io.lattice.runtime.module.Module;
import io.lattice.runtime.module.MsgType;
import io.lattice.runtime.module.TxException;
import io.lattice.runtime.state.Codecs;
import io.lattice.runtime.state.Item;
import io.lattice.runtime.state.Schema;
import io.lattice.runtime.store.StateTreeStore;
import io.lattice.runtime.tx.Addresses;
import io.lattice.runtime.tx.Coins;
import io.lattice.runtime.tx.TxBuilder;
import io.lattice.storage.MemoryKeyValueStore;
import io.lattice.storage.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A third module composed with auth and bank through the Module API: its messages are routed by
 * type URL and gas-metered, its end-block hook emits block events, its state shares the app hash,
 * its invariant is checked, its genesis is imported and exported.
 */
class ModuleApiTest {
  /**
   * "counter": message {@code Coin{denom = signer address, amount = n}} adds n to a counter; n >
   * 100 fails; the end-block hook reports the counter.
   */
  static final class CounterModule implements Module {
    static final String MSG = "/test.counter.Add";
    private final Schema schema = new Schema("counter");
    private final Item<Long> counter = schema.item(1, "value", Codecs.UINT64);

    @Override
    public Schema schema() {
      return schema;
    }

    @Override
    public List<MsgType<?>> messages() {
      return List.of(
          new MsgType<>(
              MSG,
              Coin.class,
              Coin.parser(),
              m -> List.of(m.getDenom()),
              m -> Addresses.check(m.getDenom(), "denom"),
              (ctx, m) -> {
                long n = Long.parseLong(m.getAmount());
                long v = counter.getOrDefault(ctx.store(), 0L);
                counter.set(ctx.store(), v + n);
                if (n > 100) {
                  throw new TxException("counter", 2, "too much: " + n);
                }
                ctx.emit("counted", "by", Long.toString(n));
              }));
    }

    @Override
    public void initGenesis(Context ctx, JsonNode genesis) {
      counter.set(ctx.store(), GenesisJson.uint64(genesis, "value", "counter", 0));
    }

    @Override
    public JsonNode exportGenesis(Context ctx) {
      return GenesisJson.object()
          .put("value", Long.toString(counter.getOrDefault(ctx.store(), 0L)));
    }

    @Override
    public JsonNode defaultGenesis() {
      return GenesisJson.object().put("value", "0");
    }

    @Override
    public List<Invariant> invariants() {
      return List.of(
          new Invariant(
              "below-1000",
              s ->
                  counter.getOrDefault(s, 0L) < 1000
                      ? Optional.empty()
                      : Optional.of("counter reached " + counter.getOrDefault(s, 0L))));
    }

    @Override
    public void endBlock(Context ctx) {
      ctx.emit("counter", "value", Long.toString(counter.getOrDefault(ctx.store(), 0L)));
    }
  }

  private static LatticeApp app(MemoryKeyValueStore db, List<Module> extra) {
    AuthKeeper auth = new AuthKeeper();
    BankKeeper bank = new BankKeeper(auth::ensureAccount);
    List<Module> modules =
        new java.util.ArrayList<>(List.of(new AuthModule(auth), new BankModule(bank)));
    modules.addAll(extra);
    return new LatticeApp(
        AppConfig.defaults(TestChain.CHAIN_ID),
        StateTreeStore.open(db),
        modules,
        auth,
        bank,
        Verifier.STANDARD);
  }

  @Test
  void aThirdModuleRunsThroughTheSamePipeline() {
    TestChain keys = new TestChain(31, 1);
    MemoryKeyValueStore db = new MemoryKeyValueStore();
    LatticeApp app = app(db, List.of(new CounterModule()));
    String genesis =
        keys.genesisJson().replace("{\"bank\"", "{\"counter\":{\"value\":\"5\"},\"bank\"");
    try (WriteBatch b = db.newBatch()) {
      app.initChain(genesis.getBytes(StandardCharsets.UTF_8), b);
      db.write(b, true);
    }
    app.afterCommit();
    String me = keys.addresses.getFirst();
    byte[] ok = tx(keys, app, 0, "7");
    byte[] tooMuch = tx(keys, app, 1, "500");
    FinalizedBlock fb =
        app.finalizeBlock(
            new BlockContext(
                TestChain.CHAIN_ID, 1, Instant.ofEpochSecond(1_700_000_001L), new byte[20]),
            List.of(ok, tooMuch));
    try (WriteBatch b = db.newBatch()) {
      app.commit(b);
      db.write(b, true);
    }
    app.afterCommit();
    TxResult r0 = fb.txResults().get(0);
    TxResult r1 = fb.txResults().get(1);
    assertThat(r0.getCode()).as(r0.getLog()).isZero();
    assertThat(r0.getEventsList()).anyMatch(e -> e.getType().equals("counted"));
    assertThat(r1.getCodespace()).isEqualTo("counter");
    assertThat(r1.getLog()).isEqualTo("message 0 (/test.counter.Add) failed: too much: 500");
    // the failed message's write was rolled back: 5 + 7, not 5 + 7 + 500
    assertThat(fb.events()).hasSize(1);
    assertThat(fb.events().getFirst().getType()).isEqualTo("counter");
    assertThat(fb.events().getFirst().getAttributes(0).getValue()).isEqualTo("12");
    assertThat(app.account(me).orElseThrow().getSequence()).isEqualTo(2);
    assertThat(app.checkInvariants()).isEmpty();
    assertThat(new String(app.exportGenesis(), StandardCharsets.UTF_8))
        .contains("\"value\" : \"12\"");
  }

  private static byte[] tx(TestChain keys, LatticeApp app, long sequence, String n) {
    String me = keys.addresses.getFirst();
    return TxBuilder.forChain(TestChain.CHAIN_ID)
        .addMessage(
            CounterModule.MSG, Coin.newBuilder().setDenom(me).setAmount(n).build().toByteString())
        .fee(List.of(Coins.coin("ulat", TestChain.FEE)))
        .signer(keys.keys.getFirst(), app.account(me).orElseThrow().getAccountNumber(), sequence)
        .buildBytes();
  }

  @Test
  void compositionRefusesDuplicates() {
    assertThatThrownBy(
            () -> app(new MemoryKeyValueStore(), List.of(new CounterModule(), new CounterModule())))
        .hasMessage("module counter registered twice");
  }

  @Test
  void brokenInvariantRefusesGenesis() {
    MemoryKeyValueStore db = new MemoryKeyValueStore();
    LatticeApp app = app(db, List.of(new CounterModule()));
    try (WriteBatch b = db.newBatch()) {
      assertThatThrownBy(() ->
              app.initChain(
                  "{\"counter\":{\"value\":\"2000\"}}".getBytes(StandardCharsets.UTF_8), b))
          .hasMessage("genesis breaks invariants: [counter/below-1000: counter reached 2000]");
    }
  }
}
