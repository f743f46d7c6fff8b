package io.lattice.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.consensus.app.AppInfo;
import io.lattice.consensus.app.Application;
import io.lattice.consensus.app.BlockContext;
import io.lattice.consensus.app.CheckTxResult;
import io.lattice.consensus.app.FinalizedBlock;
import io.lattice.consensus.app.ValidatorUpdate;
import io.lattice.crypto.Verifier;
import io.lattice.proto.auth.v1.BaseAccount;
import io.lattice.proto.tx.v1.Coin;
import io.lattice.proto.types.v1.Event;
import io.lattice.proto.types.v1.TxResult;
import io.lattice.runtime.gas.GasMeter;
import io.lattice.runtime.module.Context;
import io.lattice.runtime.module.Invariant;
import io.lattice.runtime.module.Module;
import io.lattice.runtime.module.MsgType;
import io.lattice.runtime.module.QueryRoute;
import io.lattice.runtime.state.Schema;
import io.lattice.runtime.store.CacheStore;
import io.lattice.runtime.store.CommitStore;
import io.lattice.runtime.store.KVStore;
import io.lattice.runtime.tx.AccountKeeper;
import io.lattice.runtime.tx.BankKeeper;
import io.lattice.runtime.tx.TxPipeline;
import io.lattice.storage.WriteBatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The Lattice state machine behind the consensus {@link Application} port: composes modules in a
 * fixed order over one {@link CommitStore}, runs transactions through the {@link TxPipeline}, and
 * answers queries from committed state.
 *
 * <p>Threading: the {@link Application} methods are called from the engine's thread only. The query
 * methods ({@link #account}, {@link #balances}, {@link #supply}, {@link #stateValue}, {@link
 * #stateProof}, {@link #query}, {@link #exportGenesis}) may be called from any thread; they read
 * the last committed version through the store's thread-safe versioned reads.
 *
 * <p>{@link #finalizeBlock} writes the block's state into the tree's working set and returns the
 * working root as the app hash; {@link #commit} commits the tree into the engine's batch. Calling
 * {@link #finalizeBlock} again for the same height before {@link #commit} discards the earlier
 * execution.
 */
public final class LatticeApp implements Application {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AppConfig config;
  private final CommitStore store;
  private final List<Module> modules;
  private final AccountKeeper accounts;
  private final BankKeeper bank;
  private final TxPipeline pipeline;
  private final Map<String, QueryRoute> queries = new TreeMap<>();

  private volatile long committedHeight;
  private volatile byte[] committedHash;
  private Instant lastBlockTime = Instant.EPOCH;
  private CacheStore checkState;
  private Pending pending;

  /** True once {@link #commit} staged the pending block into the engine's batch. */
  private boolean pendingStaged;

  private record Pending(long height, byte[] appHash, Instant time) {}

  /**
   * @param modules in execution order (genesis, end-block hooks)
   * @param accounts the accounts module's keeper, used by the pipeline (signers, sequences)
   * @param bank the bank module's keeper, used for fees and balance queries
   */
  public LatticeApp(
      AppConfig config,
      CommitStore store,
      List<Module> modules,
      AccountKeeper accounts,
      BankKeeper bank) {
    this(config, store, modules, accounts, bank, Verifier.STANDARD);
  }

  /** As above, with a custom signature {@link Verifier} (e.g. a caching or counting one). */
  public LatticeApp(
      AppConfig config,
      CommitStore store,
      List<Module> modules,
      AccountKeeper accounts,
      BankKeeper bank,
      Verifier verifier) {
    this.config = config;
    this.store = store;
    this.modules = List.copyOf(modules);
    this.accounts = accounts;
    this.bank = bank;
    Map<String, MsgType<?>> router = new TreeMap<>();
    List<String> names = new ArrayList<>();
    for (Module m : this.modules) {
      if (names.contains(m.name())) {
        throw new IllegalArgumentException("module " + m.name() + " registered twice");
      }
      names.add(m.name());
      for (MsgType<?> t : m.messages()) {
        if (router.put(t.typeUrl(), t) != null) {
          throw new IllegalArgumentException("message type " + t.typeUrl() + " registered twice");
        }
      }
      for (QueryRoute q : m.queries()) {
        queries.put(m.name() + "/" + q.path(), q);
      }
    }
    List<Schema> schemas = this.modules.stream().map(Module::schema).toList();
    this.pipeline =
        new TxPipeline(config, router, accounts, bank, key -> describe(schemas, key), verifier);
    this.committedHeight = Math.max(0, store.version());
    this.committedHash = store.rootHash();
    this.checkState = new CacheStore(store);
  }

  private static String describe(List<Schema> schemas, byte[] key) {
    for (Schema s : schemas) {
      Optional<String> d = s.describe(key);
      if (d.isPresent()) {
        return d.get();
      }
    }
    return "state";
  }

  public AppConfig config() {
    return config;
  }

  @Override
  public AppInfo info() {
    return new AppInfo(committedHeight, committedHash.clone());
  }

  @Override
  public byte[] initChain(byte[] appStateJson, WriteBatch batch) {
    if (store.version() >= 0) {
      throw new IllegalStateException(
          "genesis already loaded (state at version " + store.version() + ")");
    }
    JsonNode root;
    try {
      root = JSON.readTree(appStateJson);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "genesis app state is not valid JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("genesis app state must be a JSON object");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (modules.stream().noneMatch(m -> m.name().equals(name))) {
        throw new IllegalArgumentException("genesis app state has unknown module '" + name + "'");
      }
    }
    CacheStore genesis = new CacheStore(store);
    Context ctx = new Context(genesis, GasMeter.unlimited(), config.chainId(), 0, Instant.EPOCH);
    for (Module m : modules) {
      JsonNode section = root.has(m.name()) ? root.get(m.name()) : m.defaultGenesis();
      try {
        m.initGenesis(ctx, section);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("genesis " + m.name() + ": " + e.getMessage(), e);
      }
    }
    List<String> broken = checkInvariants(genesis);
    if (!broken.isEmpty()) {
      throw new IllegalArgumentException("genesis breaks invariants: " + broken);
    }
    genesis.write();
    byte[] hash = store.commit(0, batch);
    committedHeight = 0;
    committedHash = hash.clone();
    checkState = new CacheStore(store);
    return hash;
  }

  @Override
  public CheckTxResult checkTx(byte[] tx, boolean recheck) {
    return checkTx(tx, recheck, r -> true);
  }

  /** Runs the check on a layer over the check state, written through only if {@code keep} says. */
  @Override
  public CheckTxResult checkTx(byte[] tx, boolean recheck, Predicate<CheckTxResult> keep) {
    CacheStore trial = new CacheStore(checkState);
    TxPipeline.Outcome o =
        pipeline.run(
            recheck ? TxPipeline.Mode.RECHECK : TxPipeline.Mode.CHECK,
            trial,
            tx,
            committedHeight + 1,
            lastBlockTime);
    TxResult r = o.result();
    if (!o.anteOk()) {
      return CheckTxResult.rejected(r.getCode(), r.getCodespace(), r.getLog());
    }
    CheckTxResult result =
        new CheckTxResult(0, "", "", r.getGasWanted(), o.sender(), o.sequence(), o.priority());
    if (keep.test(result)) {
      trial.write();
    }
    return result;
  }

  /** Verifies the signatures against the latest committed state, from any thread. */
  @Override
  public void preverify(byte[] tx) {
    pipeline.preverify(tx, store.readView(committedHeight));
  }

  @Override
  public FinalizedBlock finalizeBlock(BlockContext block, List<byte[]> txs) {
    if (pending != null) {
      if (pendingStaged) {
        throw new IllegalStateException(
            "block " + pending.height() + " was committed but afterCommit was not called");
      }
      store.discard();
      pending = null;
    }
    if (block.height() != committedHeight + 1) {
      throw new IllegalStateException(
          "expected block " + (committedHeight + 1) + ", got " + block.height());
    }
    if (!block.chainId().equals(config.chainId())) {
      throw new IllegalStateException(
          "block for chain " + block.chainId() + " on chain " + config.chainId());
    }
    CacheStore blockState = new CacheStore(store);
    Context beginCtx =
        new Context(
            blockState, GasMeter.unlimited(), config.chainId(), block.height(), block.time());
    for (Module m : modules) {
      m.beginBlock(beginCtx, block);
    }
    List<TxResult> results = new ArrayList<>(txs.size());
    for (byte[] tx : txs) {
      results.add(
          pipeline
              .run(TxPipeline.Mode.DELIVER, blockState, tx, block.height(), block.time())
              .result());
    }
    Context endCtx =
        new Context(
            blockState, GasMeter.unlimited(), config.chainId(), block.height(), block.time());
    for (Module m : modules) {
      m.endBlock(endCtx);
    }
    List<ValidatorUpdate> updates = new ArrayList<>();
    for (Module m : modules) {
      updates.addAll(m.validatorUpdates(endCtx));
    }
    List<Event> events = new ArrayList<>(beginCtx.events());
    events.addAll(endCtx.events());
    blockState.write();
    byte[] appHash = store.workingRoot();
    pending = new Pending(block.height(), appHash, block.time());
    return new FinalizedBlock(results, events, appHash.clone(), updates);
  }

  @Override
  public void commit(WriteBatch batch) {
    if (pending == null) {
      throw new IllegalStateException("commit without finalizeBlock");
    }
    if (pendingStaged) {
      throw new IllegalStateException("block " + pending.height() + " is already committed");
    }
    byte[] root = store.commit(pending.height(), batch);
    pendingStaged = true;
    if (!java.util.Arrays.equals(root, pending.appHash())) {
      throw new IllegalStateException("state tree committed a root other than its working root");
    }
  }

  @Override
  public void afterCommit() {
    if (pending == null || !pendingStaged) {
      return;
    }
    committedHeight = pending.height();
    committedHash = pending.appHash();
    lastBlockTime = pending.time();
    pending = null;
    pendingStaged = false;
    checkState = new CacheStore(store);
  }

  // ---- queries (committed state only) ----

  /**
   * A read-only view of committed state at {@code height} (0 = latest).
   *
   * @throws IllegalArgumentException when the height is above the latest committed one; reads of a
   *     pruned height throw it too, naming the earliest available version
   */
  public KVStore stateAt(long height) {
    long h = height == 0 ? committedHeight : height;
    if (h > committedHeight) {
      throw new IllegalArgumentException(
          "height " + h + " is above the latest committed height " + committedHeight);
    }
    return store.readView(h);
  }

  public long committedHeight() {
    return committedHeight;
  }

  public Optional<BaseAccount> account(String address) {
    return accounts.account(stateAt(0), address);
  }

  public Optional<BaseAccount> account(String address, long height) {
    return accounts.account(stateAt(height), address);
  }

  /** Non-zero balances, ascending by denom (empty for an unknown address). */
  public List<Coin> balances(String address) {
    return bank.balances(stateAt(0), address);
  }

  public List<Coin> balances(String address, long height) {
    return bank.balances(stateAt(height), address);
  }

  public Coin supply(String denom) {
    return bank.supply(stateAt(0), denom);
  }

  /**
   * The raw value of a state key at {@code height} (0 = latest); empty when the key is absent.
   *
   * @throws IllegalArgumentException when the height is above the latest committed one or pruned
   */
  public Optional<byte[]> stateValue(byte[] key, long height) {
    return stateAt(height).get(key);
  }

  /** A proof for {@code key} at {@code height} (0 = latest); empty when the height is pruned. */
  public Optional<CommitStore.StateProof> stateProof(byte[] key, long height) {
    long h = height == 0 ? committedHeight : height;
    if (h > committedHeight) {
      return Optional.empty();
    }
    return store.proof(key, h);
  }

  /** The state key holding {@code address}'s account. */
  public byte[] accountKey(String address) {
    return accounts.accountKey(address);
  }

  /** The state key holding {@code address}'s balance of {@code denom}. */
  public byte[] balanceKey(String address, String denom) {
    return bank.balanceKey(address, denom);
  }

  /**
   * Runs a module query {@code "<module>/<path>"} at {@code height} (0 = latest).
   *
   * @throws IllegalArgumentException for an unknown route or a bad request
   */
  public JsonNode query(String route, JsonNode request, long height) {
    QueryRoute q = queries.get(route);
    if (q == null) {
      throw new IllegalArgumentException("unknown query route '" + route + "'");
    }
    return q.handler().answer(stateAt(height), request == null ? JSON.createObjectNode() : request);
  }

  /** The names of the application's modules, in module order. */
  public List<String> moduleNames() {
    return modules.stream().map(Module::name).toList();
  }

  /** Whether a module answers the query {@code "<module>/<path>"}. */
  public boolean hasQuery(String route) {
    return queries.containsKey(route);
  }

  /**
   * A module's params at {@code height} (0 = latest).
   *
   * @throws IllegalArgumentException for an unknown module
   */
  public JsonNode params(String module, long height) {
    for (Module m : modules) {
      if (m.name().equals(module)) {
        return m.params(stateAt(height));
      }
    }
    throw new IllegalArgumentException("unknown module '" + module + "'");
  }

  /** The app part of genesis.json for the committed state; re-imports to the same app hash. */
  public byte[] exportGenesis() {
    KVStore state = stateAt(0);
    Context ctx =
        new Context(state, GasMeter.unlimited(), config.chainId(), committedHeight, lastBlockTime);
    ObjectNode out = JSON.createObjectNode();
    for (Module m : modules) {
      out.set(m.name(), m.exportGenesis(ctx));
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter()
          .writeValueAsString(out)
          .getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Violated invariants of the committed state, each "name: description"; empty when none. */
  public List<String> checkInvariants() {
    return checkInvariants(stateAt(0));
  }

  private List<String> checkInvariants(KVStore state) {
    List<String> broken = new ArrayList<>();
    for (Module m : modules) {
      for (Invariant inv : m.invariants()) {
        inv.check()
            .broken(state)
            .ifPresent(d -> broken.add(m.name() + "/" + inv.name() + ": " + d));
      }
    }
    return broken;
  }
}
