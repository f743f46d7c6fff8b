package io.lattice.node.chain;

import io.lattice.common.Clock;
import io.lattice.consensus.BlockCommitted;
import io.lattice.consensus.EngineListener;
import io.lattice.consensus.app.AppInfo;
import io.lattice.consensus.app.Application;
import io.lattice.consensus.app.SerializedApplication;
import io.lattice.consensus.evidence.EvidencePool;
import io.lattice.consensus.tendermint.ConsensusNetwork;
import io.lattice.consensus.tendermint.InProcessNetwork;
import io.lattice.consensus.tendermint.TendermintEngine;
import io.lattice.node.api.ApiOptions;
import io.lattice.node.api.ApiServer;
import io.lattice.node.config.ConfigException;
import io.lattice.node.config.HomeInitializer;
import io.lattice.node.config.NodeConfig;
import io.lattice.node.config.NodeFiles;
import io.lattice.node.config.NodeHome;
import io.lattice.node.config.NodeLock;
import io.lattice.node.metrics.NodeMetrics;
import io.lattice.node.p2p.StateSyncClient;
import io.lattice.runtime.mempool.Mempool;
import io.lattice.runtime.mempool.MempoolConfig;
import io.lattice.runtime.store.StateTreeStore;
import io.lattice.storage.KeyValueStore;
import io.lattice.storage.RocksKeyValueStore;
import io.lattice.storage.snapshot.SnapshotStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running node: the composition root. {@link #start} takes the home's lock, reads its files,
 * opens the database, builds the application, runs the {@link Handshake}, and starts the mempool,
 * the consensus engine, the {@link ChainNode} and the API server, each from its factory. {@link
 * #close} stops the engine (the block being written finishes), closes the API, the database and the
 * lock, in that order.
 */
public final class LatticeNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LatticeNode.class);
  private static final HexFormat HEX = HexFormat.of();

  /** Where snapshots are kept, under the data directory. */
  public static final String SNAPSHOT_DIR = "snapshots";

  private static final Duration STATE_SYNC_REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final int STATE_SYNC_CHUNKS_PER_PEER = 4;

  /**
   * Overrides of config.toml for one run.
   *
   * @param api where the API listens instead of {@code api.listen}; empty API = no API server
   * @param apiEnabled false starts the node without its API (tests that drive {@link #chain()})
   * @param network how the engine reaches the other validators; empty = no peers
   */
  public record Options(
      Optional<NodeConfig.HostPort> api,
      boolean apiEnabled,
      Optional<Duration> blockInterval,
      Clock clock,
      Optional<ConsensusNetwork> network) {
    public static Options defaults() {
      return new Options(
          Optional.empty(), true, Optional.empty(), Clock.system(), Optional.empty());
    }

    public Options withApi(NodeConfig.HostPort listen) {
      return new Options(Optional.of(listen), true, blockInterval, clock, network);
    }

    public Options withoutApi() {
      return new Options(api, false, blockInterval, clock, network);
    }

    public Options withBlockInterval(Duration interval) {
      return new Options(api, apiEnabled, Optional.of(interval), clock, network);
    }

    /**
     * Talks to the other validators over {@code peers} (an {@link InProcessNetwork} member in tests
     * and benchmarks); without it the node is alone.
     */
    public Options withNetwork(ConsensusNetwork peers) {
      return new Options(api, apiEnabled, blockInterval, clock, Optional.of(peers));
    }
  }

  private final NodeFiles files;
  private final NodeLock lock;
  private final KeyValueStore db;
  private final TendermintEngine engine;
  private final Application app;
  private final ChainNode chain;
  private final ValidatorHistory validatorHistory;
  private final Optional<PeerNetwork> peers;
  private final Optional<SnapshotTaker> snapshots;
  private final Optional<StateSyncClient.Restored> restored;
  private final Optional<ApiServer> api;
  private final CompletableFuture<Throwable> halted;
  private boolean closed;

  private LatticeNode(
      NodeFiles files,
      NodeLock lock,
      KeyValueStore db,
      TendermintEngine engine,
      Application app,
      ChainNode chain,
      ValidatorHistory validatorHistory,
      Optional<PeerNetwork> peers,
      Optional<SnapshotTaker> snapshots,
      Optional<StateSyncClient.Restored> restored,
      Optional<ApiServer> api,
      CompletableFuture<Throwable> halted) {
    this.validatorHistory = validatorHistory;
    this.peers = peers;
    this.snapshots = snapshots;
    this.restored = restored;
    this.files = files;
    this.lock = lock;
    this.db = db;
    this.engine = engine;
    this.app = app;
    this.chain = chain;
    this.api = api;
    this.halted = halted;
  }

  /**
   * Starts a node on {@code home}.
   *
   * @throws ConfigException when another node holds the home, a file is missing or invalid, or the
   *     stored state does not match the block store (the message says which)
   */
  public static LatticeNode start(NodeHome home, Options options) throws ConfigException {
    NodeLock lock = NodeLock.acquire(home);
    List<AutoCloseable> opened = new ArrayList<>();
    opened.add(lock);
    try {
      NodeFiles files = withOverrides(NodeFiles.load(home), options);
      KeyValueStore db = RocksKeyValueStore.open(home.dataDir());
      opened.add(0, db);
      StoredChain stored = new StoredChain(db);
      // A network from the options (tests, benchmarks) wins; then P2P when configured; else the
      // validator is alone.
      Optional<PeerNetwork> peers =
          options.network().isPresent() ? Optional.empty() : PeerNetwork.start(files);
      peers.ifPresent(p -> opened.add(0, p));
      Optional<StateSyncClient.Restored> restored =
          peers.isPresent() && files.config().stateSync().enable()
              ? restoreSnapshot(files, db, stored, peers.get())
              : Optional.empty();
      AppFactory.AppParts app = AppFactory.open(db, files);
      Application shared = new SerializedApplication(app.app());
      AppInfo info =
          Handshake.run(files.genesis(), files.validatorSet(), app.store(), shared, stored, db);

      Mempool mempool = new Mempool(shared, mempoolConfig(files, app), info.height());
      TendermintEngine engine =
          ConsensusFactory.create(
              files,
              shared,
              mempool,
              db,
              stored,
              options.clock(),
              options
                  .network()
                  .or(() -> peers.map(PeerNetwork::consensus))
                  .orElseGet(() -> new InProcessNetwork().join(files.config().moniker())));
      opened.add(0, engine);
      ValidatorHistory history =
          new ValidatorHistory(db, stored, files.validatorSet(), files.genesis().initialHeight());
      ChainNode chain =
          new ChainNode(
              files.genesis().chainId(),
              HomeInitializer.nodeId(files.nodeKey()),
              history,
              stored,
              app.app(),
              mempool,
              engine::committedHeight,
              peers);
      CompletableFuture<Throwable> halted = new CompletableFuture<>();
      engine.addListener(chain);
      engine.addListener(new BlockLog(halted));
      long keepRecent = files.config().pruningKeepRecent();
      if (keepRecent > 0) {
        engine.addListener(block -> app.store().tree().prune(keepRecent));
      }
      SnapshotStore snapshots = SnapshotStore.open(home.dataDir().resolve(SNAPSHOT_DIR));
      NodeConfig.StateSync snapshotConfig = files.config().stateSync();
      Optional<SnapshotTaker> taker = Optional.empty();
      if (snapshotConfig.snapshotInterval() > 0) {
        SnapshotTaker t =
            new SnapshotTaker(
                snapshots,
                app.store().tree(),
                snapshotConfig.snapshotInterval(),
                snapshotConfig.snapshotKeepRecent());
        opened.add(0, t);
        engine.addListener(t);
        taker = Optional.of(t);
      }
      engine.start();
      peers.ifPresent(p -> p.attach(stored, engine, mempool, db, snapshots));
      log.info(
          "node {} started on {}: chain {}, height {}, app hash {}",
          files.config().moniker(),
          home,
          files.genesis().chainId(),
          info.height(),
          HEX.formatHex(info.appHash()));

      Optional<ApiServer> api = Optional.empty();
      if (options.apiEnabled()) {
        NodeConfig.HostPort listen = files.config().apiListen();
        NodeMetrics metrics = NodeMetrics.start(chain, mempool, engine, peers, db, options.clock());
        ApiServer server =
            ApiServer.start(
                chain,
                new ApiOptions(
                    listen.host(), listen.port(), FaucetFactory.create(files, app.config())),
                metrics.observability());
        api = Optional.of(server);
      }
      return new LatticeNode(
          files, lock, db, engine, shared, chain, history, peers, taker, restored, api, halted);
    } catch (ConfigException e) {
      closeAll(opened);
      throw e;
    } catch (RuntimeException e) {
      closeAll(opened);
      throw new ConfigException("cannot start the node on " + home + ": " + e.getMessage(), e);
    } catch (Error e) {
      // e.g. a class missing from a broken installation: stop what started (the engine's threads
      // would otherwise keep a half-started node alive without its API)
      closeAll(opened);
      throw e;
    }
  }

  /**
   * State sync: when this node has no state yet, restores the newest snapshot its peers serve (see
   * {@link StateSyncClient}); when none can be restored it starts from genesis and block sync.
   */
  private static Optional<StateSyncClient.Restored> restoreSnapshot(
      NodeFiles files, KeyValueStore db, StoredChain stored, PeerNetwork peers) {
    StateTreeStore state = StateTreeStore.open(db);
    if (state.version() >= 0 || stored.latestHeight() > 0) {
      return Optional.empty();
    }
    NodeConfig.StateSync c = files.config().stateSync();
    StateSyncClient.Settings settings =
        new StateSyncClient.Settings(
            files.genesis().chainId(),
            files.genesis().initialHeight(),
            files.validatorSet(),
            c.discoveryTime(),
            c.trustPeriod(),
            STATE_SYNC_REQUEST_TIMEOUT,
            STATE_SYNC_CHUNKS_PER_PEER);
    try (StateSyncClient client = new StateSyncClient(peers.network(), settings)) {
      return client.run(
          db,
          state.tree(),
          stored,
          batch -> Handshake.stageFingerprint(batch, files.genesis(), files.validatorSet()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during state sync", e);
    }
  }

  private static NodeFiles withOverrides(NodeFiles files, Options options) {
    NodeConfig config = files.config();
    if (options.api().isPresent()) {
      config = config.withApiListen(options.api().get());
    }
    if (options.blockInterval().isPresent()) {
      config = config.withBlockInterval(options.blockInterval().get());
    }
    return new NodeFiles(
        files.home(),
        config,
        files.genesis(),
        files.validatorSet(),
        files.validatorKey(),
        files.nodeKey());
  }

  private static MempoolConfig mempoolConfig(NodeFiles files, AppFactory.AppParts app) {
    NodeConfig c = files.config();
    return new MempoolConfig(
        c.mempoolMaxTxs(), c.mempoolMaxBytes(), app.config().maxTxBytes(), c.mempoolTtlBlocks());
  }

  private static void closeAll(List<AutoCloseable> opened) {
    for (AutoCloseable c : opened) {
      try {
        c.close();
      } catch (Exception e) {
        log.warn("closing {} failed", c, e);
      }
    }
  }

  /** Logs each committed block on one line and records a halt. */
  private record BlockLog(CompletableFuture<Throwable> halted) implements EngineListener {
    @Override
    public void committed(BlockCommitted block) {
      log.info(
          "committed block height={} hash={} txs={} app_hash={}",
          block.height(),
          HEX.formatHex(block.hash()),
          block.block().getData().getTxsCount(),
          HEX.formatHex(block.appHash()));
    }

    @Override
    public void halted(Throwable cause) {
      halted.complete(cause);
    }
  }

  public ChainNode chain() {
    return chain;
  }

  /** The committed chain as this node's block store holds it (blocks, commits, results). */
  public StoredChain blocks() {
    return new StoredChain(db);
  }

  /** The validator set of each height, as the engine stored it. */
  public ValidatorHistory validatorHistory() {
    return validatorHistory;
  }

  /** Duplicate-vote evidence pending and committed on this node. */
  public EvidencePool evidence() {
    return engine.evidencePool();
  }

  /** The snapshot this node's state was restored from at this start (state sync), if any. */
  public Optional<StateSyncClient.Restored> restoredSnapshot() {
    return restored;
  }

  /** The P2P side, when {@code [p2p] listen} is configured. */
  public Optional<PeerNetwork> peers() {
    return peers;
  }

  /** The consensus engine (status, round state, tests). */
  public TendermintEngine engine() {
    return engine;
  }

  /** The application's committed height and app hash (also readable after {@link #close}). */
  public AppInfo appInfo() {
    return app.info();
  }

  public NodeFiles files() {
    return files;
  }

  /** The API's port, when the API runs. */
  public Optional<Integer> apiPort() {
    return api.map(ApiServer::port);
  }

  /** The API's base URL, when the API runs. */
  public Optional<String> apiUrl() {
    return api.map(a -> "http://" + files.config().apiListen().host() + ":" + a.port());
  }

  /** Completes with the cause if the engine halts on a fatal error. */
  public CompletableFuture<Throwable> halted() {
    return halted;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    log.info("stopping node at height {}", engine.committedHeight());
    engine.stop();
    snapshots.ifPresent(SnapshotTaker::close);
    peers.ifPresent(PeerNetwork::close);
    api.ifPresent(ApiServer::close);
    db.close();
    lock.close();
    log.info("node stopped");
  }
}
