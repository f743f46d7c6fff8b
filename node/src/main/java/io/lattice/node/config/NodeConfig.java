package io.lattice.node.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The node's {@code config/config.toml}. Keys (all optional; defaults in {@link #defaults}):
 *
 * <pre>
 * moniker                    = "node0"
 * [api]       listen         = "127.0.0.1:8546"
 * [consensus] block_interval = "1s"          # ms, s, m, h; the commit timeout (wait after a block)
 *             timeout_propose = "3s", timeout_propose_delta = "500ms"  # + delta per round
 *             timeout_vote    = "1s", timeout_vote_delta    = "500ms"  # prevote and precommit
 * [block]     max_bytes      = 4194304       # bytes of transactions per block (default: genesis)
 *             max_gas        = -1            # gas wanted per block, -1 = none (default: genesis)
 * [mempool]   max_txs        = 5000
 *             max_bytes      = 67108864
 *             ttl_blocks     = 100           # 0 = never expire
 * [fees]      min_gas_price  = "0.01"        # in the fee denom per gas unit
 * [state]     pruning_keep_recent = 0        # state versions kept, 0 = all
 * [faucet]    enabled = true, amount = "10000000", interval = "1m"
 * [log]       format         = "text"        # or "json"
 * [p2p]       listen         = "127.0.0.1:26656"   # absent: no P2P (a one-validator chain)
 *             persistent_peers = ["&lt;node id&gt;@127.0.0.1:26657"]  # dialled and redialled
 *             seeds          = ["&lt;node id&gt;@seed.example:26656"]  # bootstrap discovery
 *             discovery      = true          # Kademlia peer discovery
 *             outbound_peers = 10            # outbound peers discovery dials up to
 *             max_inbound_peers = 40
 * [statesync] enable = false                 # a new node restores a peer's snapshot first
 *             snapshot_interval = 1000       # take a snapshot every N blocks, 0 = never
 *             snapshot_keep_recent = 2       # snapshots kept on disk
 *             discovery_time = "10s"         # how long to look for snapshots before giving up
 *             trust_period = "168h"          # how old the light client's trusted header may be
 * </pre>
 */
public record NodeConfig(
    String moniker,
    HostPort apiListen,
    Duration blockInterval,
    Timeouts timeouts,
    Optional<Long> blockMaxBytes,
    Optional<Long> blockMaxGas,
    int mempoolMaxTxs,
    long mempoolMaxBytes,
    long mempoolTtlBlocks,
    BigDecimal minGasPrice,
    long pruningKeepRecent,
    boolean faucetEnabled,
    BigInteger faucetAmount,
    Duration faucetInterval,
    String logFormat,
    P2p p2p,
    StateSync stateSync) {

  public static NodeConfig defaults(String moniker) {
    return new NodeConfig(
        moniker,
        new HostPort("127.0.0.1", 8546),
        Duration.ofSeconds(1),
        Timeouts.defaults(),
        Optional.empty(),
        Optional.empty(),
        5000,
        64L << 20,
        100,
        new BigDecimal("0.01"),
        0,
        true,
        BigInteger.valueOf(10_000_000),
        Duration.ofMinutes(1),
        "text",
        P2p.DISABLED,
        StateSync.DEFAULTS);
  }

  /** A mutable copy of a configuration, for the {@code with…} methods. */
  private static final class Copy {
    String moniker;
    HostPort apiListen;
    Duration blockInterval;
    Timeouts timeouts;
    Optional<Long> blockMaxBytes;
    Optional<Long> blockMaxGas;
    int mempoolMaxTxs;
    long mempoolMaxBytes;
    long mempoolTtlBlocks;
    BigDecimal minGasPrice;
    long pruningKeepRecent;
    boolean faucetEnabled;
    BigInteger faucetAmount;
    Duration faucetInterval;
    String logFormat;
    P2p p2p;
    StateSync stateSync;

    Copy(NodeConfig c) {
      moniker = c.moniker;
      apiListen = c.apiListen;
      blockInterval = c.blockInterval;
      timeouts = c.timeouts;
      blockMaxBytes = c.blockMaxBytes;
      blockMaxGas = c.blockMaxGas;
      mempoolMaxTxs = c.mempoolMaxTxs;
      mempoolMaxBytes = c.mempoolMaxBytes;
      mempoolTtlBlocks = c.mempoolTtlBlocks;
      minGasPrice = c.minGasPrice;
      pruningKeepRecent = c.pruningKeepRecent;
      faucetEnabled = c.faucetEnabled;
      faucetAmount = c.faucetAmount;
      faucetInterval = c.faucetInterval;
      logFormat = c.logFormat;
      p2p = c.p2p;
      stateSync = c.stateSync;
    }

    NodeConfig build() {
      return new NodeConfig(
          moniker,
          apiListen,
          blockInterval,
          timeouts,
          blockMaxBytes,
          blockMaxGas,
          mempoolMaxTxs,
          mempoolMaxBytes,
          mempoolTtlBlocks,
          minGasPrice,
          pruningKeepRecent,
          faucetEnabled,
          faucetAmount,
          faucetInterval,
          logFormat,
          p2p,
          stateSync);
    }
  }

  public NodeConfig withApiListen(HostPort listen) {
    Copy c = new Copy(this);
    c.apiListen = listen;
    return c.build();
  }

  public NodeConfig withBlockInterval(Duration interval) {
    Copy c = new Copy(this);
    c.blockInterval = interval;
    return c.build();
  }

  public NodeConfig withMempool(int maxTxs, long maxBytes) {
    Copy c = new Copy(this);
    c.mempoolMaxTxs = maxTxs;
    c.mempoolMaxBytes = maxBytes;
    return c.build();
  }

  public NodeConfig withTimeouts(Timeouts t) {
    Copy c = new Copy(this);
    c.timeouts = t;
    return c.build();
  }

  /**
   * Round timeouts of the BFT engine: step timeout in round r = base + r * delta.
   *
   * @param vote the prevote and precommit base timeouts
   */
  public record Timeouts(
      Duration propose, Duration proposeDelta, Duration vote, Duration voteDelta) {
    public Timeouts {
      if (propose.isNegative() || propose.isZero() || vote.isNegative() || vote.isZero()) {
        throw new IllegalArgumentException("base timeouts must be positive");
      }
      if (proposeDelta.isNegative() || voteDelta.isNegative()) {
        throw new IllegalArgumentException("timeout deltas must not be negative");
      }
    }

    /** Propose 3 s + 0.5 s per round, prevote and precommit 1 s + 0.5 s per round. */
    public static Timeouts defaults() {
      return new Timeouts(
          Duration.ofSeconds(3),
          Duration.ofMillis(500),
          Duration.ofSeconds(1),
          Duration.ofMillis(500));
    }
  }

  /**
   * Where the node accepts peers, which peers it keeps connected to and how it finds others. Peer
   * addresses are written {@code <hex node id>@host:port}; no listen address = no P2P.
   *
   * @param persistentPeers dialled at start and redialled whenever they drop
   * @param seeds dialled at start to learn addresses from (discovery); not redialled, and dropped
   *     once {@code outboundPeers} other outbound peers are connected
   * @param discovery whether the node runs Kademlia discovery: answers and sends PING / FIND_NODE,
   *     refreshes its routing table and dials up to {@code outboundPeers}
   * @param outboundPeers outbound peers discovery dials up to (seeds not counted)
   * @param maxInboundPeers inbound connections accepted at most
   */
  public record P2p(
      Optional<HostPort> listen,
      List<String> persistentPeers,
      List<String> seeds,
      boolean discovery,
      int outboundPeers,
      int maxInboundPeers) {
    public static final int DEFAULT_OUTBOUND_PEERS = 10;
    public static final int DEFAULT_MAX_INBOUND_PEERS = 40;
    public static final P2p DISABLED = new P2p(Optional.empty(), List.of());

    public P2p {
      persistentPeers = List.copyOf(persistentPeers);
      seeds = List.copyOf(seeds);
      if (outboundPeers < 0 || maxInboundPeers < 0) {
        throw new IllegalArgumentException(
            "outbound and inbound peer limits must not be negative, got "
                + outboundPeers
                + " and "
                + maxInboundPeers);
      }
    }

    /** Discovery on with the default limits, no seeds. */
    public P2p(Optional<HostPort> listen, List<String> persistentPeers) {
      this(
          listen,
          persistentPeers,
          List.of(),
          true,
          DEFAULT_OUTBOUND_PEERS,
          DEFAULT_MAX_INBOUND_PEERS);
    }

    public P2p withSeeds(List<String> v) {
      return new P2p(listen, persistentPeers, v, discovery, outboundPeers, maxInboundPeers);
    }

    public P2p withDiscovery(boolean v) {
      return new P2p(listen, persistentPeers, seeds, v, outboundPeers, maxInboundPeers);
    }

    public P2p withPeerLimits(int outbound, int maxInbound) {
      return new P2p(listen, persistentPeers, seeds, discovery, outbound, maxInbound);
    }
  }

  /**
   * Snapshots this node takes and serves, and whether a new node starts by restoring one (state
   * sync) instead of replaying every block.
   *
   * @param enable restore a peer's snapshot when this node has no state yet
   * @param snapshotInterval take a snapshot at every multiple of this height; 0 = never
   * @param snapshotKeepRecent how many snapshots stay on disk
   * @param discoveryTime how long to look for a snapshot among the peers before starting from
   *     genesis instead
   * @param trustPeriod the light client's trusting period (keep it below the unbonding time)
   */
  public record StateSync(
      boolean enable,
      long snapshotInterval,
      int snapshotKeepRecent,
      Duration discoveryTime,
      Duration trustPeriod) {
    public static final StateSync DEFAULTS =
        new StateSync(false, 1000, 2, Duration.ofSeconds(10), Duration.ofDays(7));

    public StateSync {
      if (snapshotInterval < 0) {
        throw new IllegalArgumentException("snapshot interval must not be negative");
      }
      if (snapshotKeepRecent < 1) {
        throw new IllegalArgumentException("at least one snapshot must be kept");
      }
    }
  }

  public NodeConfig withStateSync(StateSync settings) {
    Copy c = new Copy(this);
    c.stateSync = settings;
    return c.build();
  }

  public NodeConfig withP2p(P2p settings) {
    Copy c = new Copy(this);
    c.p2p = settings;
    return c.build();
  }

  /** A {@code host:port} pair; port 0 asks for a free port. */
  public record HostPort(String host, int port) {
    public HostPort {
      if (host.isBlank()) {
        throw new IllegalArgumentException("host is empty");
      }
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, got " + port);
      }
    }

    /**
     * @throws IllegalArgumentException naming what is wrong with {@code text}
     */
    public static HostPort parse(String text) {
      int colon = text.lastIndexOf(':');
      if (colon <= 0 || colon == text.length() - 1) {
        throw new IllegalArgumentException("expected HOST:PORT, got '" + text + "'");
      }
      int port;
      try {
        port = Integer.parseInt(text.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("port is not a number in '" + text + "'", e);
      }
      return new HostPort(text.substring(0, colon), port);
    }

    @Override
    public String toString() {
      return host + ":" + port;
    }
  }

  /**
   * Parses "100ms", "1s", "5m", "2h".
   *
   * @throws IllegalArgumentException naming what is wrong with {@code text}
   */
  public static Duration parseDuration(String text) {
    String t = text.strip();
    String[][] units = {{"ms", "MILLIS"}, {"s", "SECONDS"}, {"m", "MINUTES"}, {"h", "HOURS"}};
    for (String[] unit : units) {
      if (t.endsWith(unit[0]) && t.length() > unit[0].length()) {
        String number = t.substring(0, t.length() - unit[0].length());
        if (!number.chars().allMatch(Character::isDigit)) {
          continue;
        }
        long n = Long.parseLong(number);
        return Duration.of(n, java.time.temporal.ChronoUnit.valueOf(unit[1]));
      }
    }
    throw new IllegalArgumentException(
        "invalid duration '" + text + "', expected e.g. \"100ms\", \"1s\", \"5m\", \"2h\"");
  }

  /** Formats a duration the way {@link #parseDuration} reads it. */
  public static String formatDuration(Duration d) {
    long ms = d.toMillis();
    if (ms % 3_600_000 == 0 && ms > 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0 && ms > 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1000 == 0 && ms > 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }
}
