package io.lattice.reputation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Message;
import io.lattice.auth.AuthKeeper;
import io.lattice.auth.AuthModule;
import io.lattice.bank.BankKeeper;
import io.lattice.bank.BankModule;
import io.lattice.bank.ModuleAccount;
import io.lattice.consensus.app.BlockContext;
import io.lattice.consensus.app.FinalizedBlock;
import io.lattice.consensus.app.Misbehavior;
import io.lattice.crypto.CryptoException;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.crypto.Verifier;
import io.lattice.proto.auth.v1.BaseAccount;
import io.lattice.proto.types.v1.Event;
import io.lattice.proto.types.v1.TxResult;
import io.lattice.runtime.AppConfig;
import io.lattice.runtime.LatticeApp;
import io.lattice.runtime.module.Module;
import io.lattice.runtime.store.StateTreeStore;
import io.lattice.runtime.tx.Coins;
import io.lattice.runtime.tx.TxBuilder;
import io.lattice.storage.KeyValueStore;
import io.lattice.storage.MemoryKeyValueStore;
import io.lattice.storage.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * A one-process chain for tests: auth, bank, the modules a {@link Composition} adds, then a {@link
 * GovExecutor}; over the real state tree on an in-memory store, ed25519 accounts funded at genesis,
 * blocks driven as the engine drives them. Invariants are checked after every block.
 */
public final class TestChain {
  public static final String CHAIN_ID = "lattice-chat-test";
  public static final long INITIAL = 1_000_000_000L;
  public static final long FEE = 10_000;
  public static final long GAS = 1_000_000;
  public static final long T0 = 1_700_000_000L;
  public static final ObjectMapper JSON = new ObjectMapper();

  /** The modules between bank and the gov stand-in. */
  public interface Composition {
    List<Module> modules(AuthKeeper auth, BankKeeper bank);
  }

  public final KeyValueStore db = new MemoryKeyValueStore();
  public final AppConfig config = AppConfig.defaults(CHAIN_ID);
  public final List<PrivateKeySigner> keys = new ArrayList<>();
  public final List<String> addresses = new ArrayList<>();
  private final long seed;
  private final int accounts;
  private final List<ModuleAccount> moduleAccounts;
  private final Composition composition;
  public final LatticeApp app;
  public List<Module> modules;
  public GovExecutor gov;

  public TestChain(
      long seed, int accounts, List<ModuleAccount> moduleAccounts, Composition composition) {
    this.seed = seed;
    this.accounts = accounts;
    this.moduleAccounts = moduleAccounts;
    this.composition = composition;
    Random random = new Random(seed);
    for (int i = 0; i < accounts; i++) {
      keys.add(key(random));
      addresses.add(keys.get(i).publicKey().address().toString());
    }
    AuthKeeper auth = new AuthKeeper();
    BankKeeper bank = new BankKeeper(auth::ensureAccount, moduleAccounts);
    List<Module> all = new ArrayList<>();
    all.add(new AuthModule(auth));
    all.add(new BankModule(bank));
    all.addAll(composition.modules(auth, bank));
    gov = new GovExecutor(List.copyOf(all));
    all.add(gov);
    modules = List.copyOf(all);
    app = new LatticeApp(config, StateTreeStore.open(db), all, auth, bank, Verifier.STANDARD);
  }

  /** A chain with the same accounts and composition and an empty store. */
  public TestChain fresh() {
    return new TestChain(seed, accounts, moduleAccounts, composition);
  }

  public static PrivateKeySigner key(Random random) {
    byte[] sk = new byte[32];
    random.nextBytes(sk);
    try {
      return KeyPairs.fromPrivateKey(KeyAlgorithm.ED25519, sk);
    } catch (CryptoException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Genesis with every account funded with {@link #INITIAL} ulat. */
  public ObjectNode genesisJson() {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode balances = root.putObject("bank").putArray("balances");
    for (String a : addresses) {
      balances
          .addObject()
          .put("address", a)
          .putArray("coins")
          .addObject()
          .put("denom", "ulat")
          .put("amount", Long.toString(INITIAL));
    }
    return root;
  }

  public TestChain genesis() {
    return genesis(genesisJson().toString());
  }

  public TestChain genesis(String json) {
    try (WriteBatch b = db.newBatch()) {
      app.initChain(json.getBytes(StandardCharsets.UTF_8), b);
      db.write(b, true);
    }
    app.afterCommit();
    assertInvariants();
    return this;
  }

  public long height() {
    return app.info().height();
  }

  public FinalizedBlock block(List<Misbehavior> evidence, List<byte[]> txs) {
    long h = height() + 1;
    FinalizedBlock fb =
        app.finalizeBlock(
            new BlockContext(
                CHAIN_ID, h, Instant.ofEpochSecond(T0 + 5 * h), new byte[20], List.of(), evidence),
            txs);
    try (WriteBatch b = db.newBatch()) {
      app.commit(b);
      db.write(b, true);
    }
    app.afterCommit();
    assertInvariants();
    return fb;
  }

  public FinalizedBlock block(byte[]... txs) {
    return block(List.of(), List.of(txs));
  }

  public void assertInvariants() {
    assertThat(app.checkInvariants()).as("invariants at height %d", height()).isEmpty();
  }

  public BaseAccount account(int i) {
    return app.account(addresses.get(i)).orElseThrow();
  }

  public byte[] tx(int signer, Message... msgs) {
    BaseAccount a = account(signer);
    TxBuilder b =
        TxBuilder.forChain(CHAIN_ID)
            .fee(List.of(Coins.coin("ulat", FEE)))
            .gasLimit(GAS)
            .signer(keys.get(signer), a.getAccountNumber(), a.getSequence());
    for (Message m : msgs) {
      b.addMessage(m);
    }
    return b.buildBytes();
  }

  /** Delivers one transaction alone in a block and returns its result. */
  public TxResult deliver(int signer, Message... msgs) {
    return block(tx(signer, msgs)).txResults().get(0);
  }

  /** Executes {@code msg} as governance in the next block; returns the refusal, if any. */
  public java.util.Optional<String> govExecute(Message msg) {
    gov.execute(msg);
    block();
    return gov.last();
  }

  /** Changes {@code module}'s params as governance in the next block; returns the refusal. */
  public java.util.Optional<String> govSetParams(String module, JsonNode params) {
    gov.setParams(module, params);
    block();
    return gov.last();
  }

  public long balance(String address) {
    return Long.parseLong(
        app.balances(address).stream()
            .filter(c -> c.getDenom().equals("ulat"))
            .map(c -> c.getAmount())
            .findFirst()
            .orElse("0"));
  }

  /** Runs query {@code route} with string fields given as name, value, name, value... */
  public JsonNode query(String route, String... fields) {
    ObjectNode req = JSON.createObjectNode();
    for (int i = 0; i < fields.length; i += 2) {
      req.put(fields[i], fields[i + 1]);
    }
    return app.query(route, req, 0);
  }

  public String appHash() {
    return HexFormat.of().formatHex(app.info().appHash());
  }

  /** Hex of every state key/value under {@code prefix}, for before/after comparisons. */
  public String dump(String prefix) {
    StringBuilder sb = new StringBuilder();
    for (var e : app.stateAt(0).scanPrefix(prefix.getBytes(StandardCharsets.US_ASCII))) {
      sb.append(HexFormat.of().formatHex(e.key()))
          .append('=')
          .append(HexFormat.of().formatHex(e.value()))
          .append('\n');
    }
    return sb.toString();
  }

  public static List<Event> events(FinalizedBlock fb, String type) {
    return fb.events().stream().filter(e -> e.getType().equals(type)).toList();
  }
}
