package io.lattice.node.metrics;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.lattice.common.Clock;
import io.lattice.consensus.BlockCommitted;
import io.lattice.consensus.EngineListener;
import io.lattice.consensus.tendermint.TendermintEngine;
import io.lattice.consensus.tendermint.ValidatorSet;
import io.lattice.node.api.ChainView;
import io.lattice.node.api.Observability;
import io.lattice.node.api.Readiness;
import io.lattice.node.chain.PeerNetwork;
import io.lattice.proto.types.v1.BlockIdFlag;
import io.lattice.proto.types.v1.CommitSig;
import io.lattice.proto.types.v1.Event;
import io.lattice.proto.types.v1.EventAttribute;
import io.lattice.proto.types.v1.Timestamp;
import io.lattice.proto.types.v1.TxResult;
import io.lattice.runtime.mempool.Mempool;
import io.lattice.storage.KeyValueStore;
import io.lattice.storage.RocksKeyValueStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's meters (see the "Observability" section of {@code node/README.md} for the list). It
 * listens to the engine for per-block meters; gauges of height, mempool, peers and RocksDB are read
 * at each scrape. {@link #close} removes the engine listener, the P2P channel handlers and the JVM
 * GC listener.
 */
public final class NodeMetrics implements EngineListener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NodeMetrics.class);

  /** RocksDB integer properties exported as gauges: meter name suffix → property. */
  private static final List<String[]> ROCKSDB_PROPERTIES =
      List.of(
          new String[] {"estimated.keys", "rocksdb.estimate-num-keys", "Estimated number of keys"},
          new String[] {
            "live.data.bytes", "rocksdb.estimate-live-data-size", "Estimated live data size"
          },
          new String[] {"sst.files.bytes", "rocksdb.total-sst-files-size", "Size of all SST files"},
          new String[] {
            "memtables.bytes", "rocksdb.cur-size-all-mem-tables", "Size of the memtables"
          });

  private final PrometheusMeterRegistry registry;
  private final ChainView chain;
  private final Optional<PeerNetwork> peers;
  private final Clock clock;
  private final KeyValueStore db;
  private final List<AutoCloseable> resources = new ArrayList<>();
  private final AtomicInteger lastRound = new AtomicInteger();
  private final AtomicReference<Instant> lastBlockTime = new AtomicReference<>();
  private final Timer blockInterval;
  private final Timer commitLatency;
  private final DistributionSummary txsPerBlock;
  private final Counter txsCommitted;
  private final Counter blocksCommitted;

  private NodeMetrics(
      ChainView chain,
      Mempool mempool,
      Optional<PeerNetwork> peers,
      KeyValueStore db,
      Clock clock) {
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.chain = chain;
    this.peers = peers;
    this.clock = clock;
    this.db = db;
    Gauge.builder("lattice.block.height", chain, ChainView::latestHeight)
        .description("Height of the latest committed block")
        .strongReference(true)
        .register(registry);
    Gauge.builder("lattice.consensus.round", lastRound, AtomicInteger::get)
        .description("Round in which the latest block was decided (0 = first round)")
        .strongReference(true)
        .register(registry);
    Gauge.builder("lattice.catching.up", chain, c -> c.catchingUp() ? 1 : 0)
        .description("1 while block sync is catching up with peers, else 0")
        .strongReference(true)
        .register(registry);
    blockInterval =
        Timer.builder("lattice.block.interval")
            .description("Time between the header times of consecutive committed blocks")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(10))
            .maximumExpectedValue(Duration.ofMinutes(2))
            .register(registry);
    commitLatency =
        Timer.builder("lattice.block.commit.latency")
            .description(
                "Time from a block's header time (its proposer's clock when proposing) to its"
                    + " commit on this node")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofMinutes(2))
            .register(registry);
    txsPerBlock =
        DistributionSummary.builder("lattice.block.txs")
            .description("Transactions per committed block")
            .serviceLevelObjectives(1, 10, 100, 1_000, 10_000)
            .register(registry);
    txsCommitted =
        Counter.builder("lattice.txs.committed")
            .description("Transactions committed; rate() gives transactions per second")
            .register(registry);
    blocksCommitted =
        Counter.builder("lattice.blocks.committed")
            .description("Blocks committed since the node started")
            .register(registry);
    Gauge.builder("lattice.mempool.size", mempool, Mempool::size)
        .description("Transactions waiting in the mempool")
        .strongReference(true)
        .register(registry);
    Gauge.builder("lattice.mempool.bytes", mempool, Mempool::totalBytes)
        .description("Bytes of the transactions waiting in the mempool")
        .baseUnit("bytes")
        .strongReference(true)
        .register(registry);
    if (chain.hasModule("xchain")) {
      registerCrossChain();
    }
    peers.ifPresent(p -> registerPeers(new PeerTraffic(p.network())));
    if (db instanceof RocksKeyValueStore rocks) {
      registerRocksDb(rocks);
    }
    new JvmMemoryMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    resources.add(gc);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /**
   * Creates the meters and registers them on {@code engine}.
   *
   * @param peers the P2P side, when the node runs it (peer counts, traffic, and readiness needs a
   *     peer)
   * @param db RocksDB statistics are exported when it is a {@link RocksKeyValueStore}
   * @param clock the node's clock, for commit latency
   */
  public static NodeMetrics start(
      ChainView chain,
      Mempool mempool,
      TendermintEngine engine,
      Optional<PeerNetwork> peers,
      KeyValueStore db,
      Clock clock) {
    NodeMetrics metrics = new NodeMetrics(chain, mempool, peers, db, clock);
    metrics.resources.add(engine.addListener(metrics));
    return metrics;
  }

  private void registerPeers(PeerTraffic traffic) {
    resources.add(traffic);
    for (boolean outbound : new boolean[] {false, true}) {
      Gauge.builder("lattice.p2p.peers", traffic, t -> t.peers(outbound))
          .description("Connected peers by direction")
          .tag("direction", outbound ? "outbound" : "inbound")
          .strongReference(true)
          .register(registry);
    }
    FunctionCounter.builder("lattice.p2p.sent", traffic, PeerTraffic::sentBytes)
        .description("Bytes sent to peers (all channels, framing included)")
        .baseUnit("bytes")
        .register(registry);
    FunctionCounter.builder("lattice.p2p.received", traffic, PeerTraffic::receivedBytes)
        .description("Bytes received from peers (all channels, framing included)")
        .baseUnit("bytes")
        .register(registry);
    for (String channel : traffic.channels()) {
      FunctionCounter.builder(
              "lattice.p2p.channel.received", traffic, t -> t.channelReceivedBytes(channel))
          .description("Message bytes received per channel (payload only)")
          .baseUnit("bytes")
          .tag("channel", channel)
          .register(registry);
      FunctionCounter.builder(
              "lattice.p2p.channel.received.messages",
              traffic,
              t -> t.channelReceivedMessages(channel))
          .description("Messages received per channel")
          .tag("channel", channel)
          .register(registry);
      FunctionCounter.builder("lattice.p2p.channel.sent", traffic, t -> t.channelSentBytes(channel))
          .description("Message bytes queued to peers per channel (payload only, once per peer)")
          .baseUnit("bytes")
          .tag("channel", channel)
          .register(registry);
      FunctionCounter.builder(
              "lattice.p2p.channel.sent.messages", traffic, t -> t.channelSentMessages(channel))
          .description("Messages queued to peers per channel, one per peer")
          .tag("channel", channel)
          .register(registry);
    }
  }

  private void registerRocksDb(RocksKeyValueStore rocks) {
    for (String[] p : ROCKSDB_PROPERTIES) {
      String property = p[1];
      Gauge.builder("lattice.rocksdb." + p[0], rocks, r -> asDouble(r.longProperty(property)))
          .description(p[2] + " (RocksDB " + property + ")")
          .strongReference(true)
          .register(registry);
    }
  }

  private static double asDouble(OptionalLong v) {
    return v.isPresent() ? v.getAsLong() : Double.NaN;
  }

  /** Engine thread: per-block meters. */
  @Override
  public void committed(BlockCommitted block) {
    Instant time = instant(block.block().getHeader().getTime());
    lastRound.set(block.commit().getRound());
    int txs = block.block().getData().getTxsCount();
    txsPerBlock.record(txs);
    txsCommitted.increment(txs);
    blocksCommitted.increment();
    Instant previous = lastBlockTime.getAndSet(time);
    if (previous != null && !time.isBefore(previous)) {
      blockInterval.record(Duration.between(previous, time));
    }
    Duration latency = Duration.between(time, clock.now());
    if (!latency.isNegative()) {
      commitLatency.record(latency);
    }
    countCommitSlots(block);
    for (TxResult result : block.results()) {
      if (result.getCode() != 0) {
        continue;
      }
      for (Event event : result.getEventsList()) {
        if (event.getType().equals("xchain.op")) {
          for (EventAttribute a : event.getAttributesList()) {
            if (a.getKey().equals("status")) {
              crossChainOps(a.getValue()).increment();
            }
          }
        }
      }
    }
  }

  /**
   * Cross-chain meters of a chain that runs {@code xchain}: operations by status (counted from
   * {@code xchain.op} events, the final ones registered at 0 so an alert can see "none finished")
   * and the packets this chain sent that are neither acknowledged nor timed out yet.
   */
  private void registerCrossChain() {
    for (String status : List.of("AtomicSuccess", "RolledBack")) {
      crossChainOps(status);
    }
    Gauge.builder("lattice.xchain.pending.packets", chain, NodeMetrics::pendingPackets)
        .description("Packets sent by this chain that are neither acknowledged nor timed out")
        .strongReference(true)
        .register(registry);
  }

  private Counter crossChainOps(String status) {
    return Counter.builder("lattice.xchain.ops")
        .description(
            "Cross-chain operation status changes recorded on this chain (xchain.op events)")
        .tag("status", status)
        .register(registry);
  }

  private static double pendingPackets(ChainView chain) {
    try {
      return chain
          .query("xchain", "packets", JsonNodeFactory.instance.objectNode(), 0)
          .path("packets")
          .size();
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }

  /**
   * Counts, per validator, the slots of the block's last commit (the precommits of the previous
   * height). An absent slot carries no address, so slots are matched to the previous height's
   * validator set by position, as {@code Commits} builds them.
   */
  private void countCommitSlots(BlockCommitted block) {
    List<CommitSig> sigs = block.block().getLastCommit().getSignaturesList();
    if (sigs.isEmpty()) {
      return;
    }
    Optional<ValidatorSet> set = TendermintEngine.storedValidatorSet(db, block.height() - 1);
    if (set.isEmpty() || set.get().members().size() != sigs.size()) {
      return;
    }
    for (int i = 0; i < sigs.size(); i++) {
      String validator = set.get().members().get(i).address().toString();
      Counter missed = validatorCounter("lattice.validator.missed.blocks", validator);
      validatorCounter("lattice.validator.commit.slots", validator).increment();
      if (sigs.get(i).getBlockIdFlag() != BlockIdFlag.BLOCK_ID_FLAG_COMMIT) {
        missed.increment();
      }
    }
  }

  /**
   * A per-validator counter of the previous height's commit as this block records it: {@code
   * commit.slots} counts every block whose last commit has a slot for the validator, {@code
   * missed.blocks} those where the slot holds no precommit for the block (absent or nil). Both are
   * registered at the validator's first slot, so a validator that never missed shows 0.
   */
  private Counter validatorCounter(String name, String validator) {
    return Counter.builder(name)
        .description(
            name.endsWith("slots")
                ? "Blocks whose last commit has a slot for the validator"
                : "Blocks whose last commit lacks the validator's precommit for the block")
        .tag("validator", validator)
        .register(registry);
  }

  private static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }

  /** Why the node is not ready (see {@link Readiness#reasons}); P2P nodes need a peer. */
  public List<String> notReadyReasons() {
    OptionalInt peerCount =
        peers.map(p -> OptionalInt.of(p.network().peers().size())).orElse(OptionalInt.empty());
    return Readiness.reasons(chain, peerCount);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** What the API serves; closing it closes these metrics. */
  public Observability observability() {
    return new Observability(registry, this::notReadyReasons, this);
  }

  @Override
  public void close() {
    for (AutoCloseable r : resources) {
      try {
        r.close();
      } catch (Exception e) {
        log.warn("closing {} failed", r, e);
      }
    }
    resources.clear();
  }
}
