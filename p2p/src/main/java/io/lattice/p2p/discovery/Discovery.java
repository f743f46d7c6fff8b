package io.lattice.p2p.discovery;

import static java.util.stream.Collectors.toUnmodifiableSet;

import io.lattice.p2p.ChannelDescriptor;
import io.lattice.p2p.NodeId;
import io.lattice.p2p.PeerAddress;
import io.lattice.p2p.PeerInfo;
import io.lattice.p2p.PeerListener;
import io.lattice.p2p.peer.AddressGroups;
import io.lattice.p2p.peer.Switch;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kademlia peer discovery over the switch's {@link ChannelDescriptor#DISCOVERY} channel. Every
 * connected peer is pinged (the PING carries the sender's listen port, so the receiver learns a
 * dialable address: the connection's remote IP and that port; for a persistent peer, its configured
 * address instead) and goes into the {@link RoutingTable}; a full bucket keeps its least recently
 * seen contact if it answers a PING, and replaces it otherwise. {@link #lookup} is the iterative
 * FIND_NODE search ({@code alpha} queries in flight, until the {@code k} closest contacts seen have
 * all been asked). {@link #refresh}, run every {@link Config#refreshInterval()} (sooner while below
 * the outbound target), looks up this node's own id and a random id in each bucket farther than its
 * closest contact (the paper's bucket refresh), then dials contacts until {@link
 * Config#targetOutbound()} outbound peers (seeds not counted) are connected, spreading them over
 * address groups ({@link OutboundDiversity}); once that many are connected, the seeds' own
 * connections are dropped. Connections opened only to ask a question are closed afterwards when
 * there are more outbound peers than the target. Persistent peers are never disconnected here.
 *
 * <p>Thread-safe; nothing blocks: requests are futures that time out after {@link
 * Config#requestTimeout()}.
 */
public final class Discovery implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Discovery.class);
  static final int CHANNEL = ChannelDescriptor.DISCOVERY.id();
  static final double MALFORMED_PENALTY = 10;

  static final long QUICK_REFRESH_MILLIS = 1000;

  /** Most random-id lookups per refresh (the farthest buckets first). */
  static final int MAX_BUCKET_REFRESHES = 16;

  /**
   * @param k bucket size and lookup width
   * @param alpha queries in flight per lookup
   * @param targetOutbound outbound peers (seeds not counted) {@link #refresh} dials up to
   */
  public record Config(
      int k, int alpha, int targetOutbound, Duration requestTimeout, Duration refreshInterval) {
    public Config {
      if (k < 1 || k > DiscoveryMessage.MAX_NODES || alpha < 1 || targetOutbound < 0) {
        throw new IllegalArgumentException(
            "need 1 <= k <= " + DiscoveryMessage.MAX_NODES + ", alpha >= 1, target outbound >= 0");
      }
    }

    /** These settings with another outbound target. */
    public Config withTargetOutbound(int target) {
      return new Config(k, alpha, target, requestTimeout, refreshInterval);
    }

    public static Config defaults() {
      return new Config(16, 3, 10, Duration.ofSeconds(5), Duration.ofSeconds(30));
    }
  }

  private record Pending(NodeId peer, CompletableFuture<DiscoveryMessage> reply) {}

  private final Switch network;
  private final Config config;
  private final RoutingTable table;
  private final AtomicLong requestIds = new AtomicLong();
  private final RandomGenerator random = new SecureRandom();
  private final Set<NodeId> seeds;
  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer;
  private final AutoCloseable handler;
  private final AutoCloseable listener;
  private volatile boolean closed;

  /** Refreshes in a row that ended below the outbound target. */
  private final AtomicInteger refreshesBelowTarget = new AtomicInteger();

  /** Starts answering and pinging at once; {@link #start} adds the periodic refresh. */
  public Discovery(Switch network, Config config) {
    this.network = network;
    this.config = config;
    this.table = new RoutingTable(network.nodeId(), config.k());
    this.seeds =
        network.config().seeds().stream().map(PeerAddress::id).collect(toUnmodifiableSet());
    this.timer =
        Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "p2p-discovery");
          t.setDaemon(true);
          return t;
        });
    this.handler = network.onReceive(CHANNEL, this::received);
    this.listener =
        network.addListener(
            new PeerListener() {
              @Override
              public void connected(PeerInfo peer) {
                var unused = request(peer.id(), id -> new DiscoveryMessage.Ping(id, listenPort()));
                if (peer.outbound() && !seeds.contains(peer.id()) && config.targetOutbound() > 0) {
                  releaseSeeds();
                }
              }
            });
    for (PeerInfo p : network.peers()) {
      var unused = request(p.id(), id -> new DiscoveryMessage.Ping(id, listenPort()));
    }
  }

  /** Runs {@link #refresh} now, then again one refresh interval after each one ends. */
  public void start() {
    scheduleRefresh(0);
  }

  private void scheduleRefresh(long delayMillis) {
    if (closed) {
      return;
    }
    try {
      var unused =
          timer.schedule(
              () -> {
                var unusedRefresh =
                    refresh()
                        .orTimeout(config.refreshInterval().toMillis(), TimeUnit.MILLISECONDS)
                        .whenComplete((v, e) -> {
                          if (e != null) {
                            log.debug("p2p discovery: refresh did not finish: {}", e.toString());
                          }
                          scheduleRefresh(nextRefreshDelayMillis());
                        });
              },
              delayMillis,
              TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      log.debug("p2p discovery: stopped");
    }
  }

  /**
   * The refresh interval once the outbound target is met; below it, 1 s after the first refresh,
   * doubling each time, up to the interval (a node that just met its seeds dials soon).
   */
  private long nextRefreshDelayMillis() {
    long interval = config.refreshInterval().toMillis();
    if (outboundPeers().size() >= config.targetOutbound()) {
      refreshesBelowTarget.set(0);
      return interval;
    }
    int n = refreshesBelowTarget.getAndIncrement();
    return n >= 30 ? interval : Math.min(interval, QUICK_REFRESH_MILLIS << n);
  }

  public RoutingTable table() {
    return table;
  }

  private int listenPort() {
    return network.listenAddress().getPort();
  }

  private void received(NodeId from, byte[] bytes) {
    DiscoveryMessage m;
    try {
      m = DiscoveryMessage.decode(bytes);
    } catch (IllegalArgumentException e) {
      network.penalize(from, MALFORMED_PENALTY, "malformed discovery message: " + e.getMessage());
      return;
    }
    switch (m) {
      case DiscoveryMessage.Ping p -> {
        learn(from, p.listenPort());
        network.send(
            from, CHANNEL, new DiscoveryMessage.Pong(p.requestId(), listenPort()).encode());
      }
      case DiscoveryMessage.Pong p -> {
        learn(from, p.listenPort());
        complete(from, p);
      }
      case DiscoveryMessage.FindNode f -> {
        List<PeerAddress> closest =
            table.closest(f.target(), config.k() + 1).stream()
                .filter(a -> !a.id().equals(from))
                .limit(config.k())
                .toList();
        network.send(from, CHANNEL, new DiscoveryMessage.Nodes(f.requestId(), closest).encode());
      }
      case DiscoveryMessage.Nodes n -> complete(from, n);
    }
  }

  /**
   * Records a peer that told us its listen port, applying the full-bucket rule. A persistent peer
   * is recorded at its configured address (the operator's route to it, e.g. through a relay or a
   * NAT), any other peer at the connection's remote IP and the port it advertised.
   */
  private void learn(NodeId from, int port) {
    Optional<PeerInfo> info = network.peer(from);
    if (info.isEmpty() || port < 1 || port > 65535) {
      return;
    }
    offer(
        network
            .persistentAddress(from)
            .orElseGet(() ->
                new PeerAddress(from, info.get().remote().getAddress().getHostAddress(), port)));
  }

  /** Adds a contact that answered us; a full bucket keeps its oldest contact if that answers. */
  private void offer(PeerAddress contact) {
    Optional<PeerAddress> oldest = table.offer(contact);
    if (oldest.isPresent()) {
      PeerAddress stale = oldest.get();
      var unused =
          ping(stale)
              .whenComplete((ok, failure) -> {
                if (failure == null) {
                  table.touch(stale.id());
                } else {
                  log.debug("p2p discovery: {} did not answer, replaced by {}", stale, contact);
                  table.replace(stale.id(), contact);
                }
              });
    }
  }

  private void complete(NodeId from, DiscoveryMessage reply) {
    Pending p = pending.get(reply.requestId());
    if (p == null || !p.peer().equals(from)) {
      return; // late (timed out) or not ours
    }
    pending.remove(reply.requestId(), p);
    p.reply().complete(reply);
  }

  private CompletableFuture<DiscoveryMessage> request(
      NodeId peer, java.util.function.LongFunction<DiscoveryMessage> build) {
    long id = requestIds.incrementAndGet();
    CompletableFuture<DiscoveryMessage> reply = new CompletableFuture<>();
    Pending p = new Pending(peer, reply);
    pending.put(id, p);
    if (!network.send(peer, CHANNEL, build.apply(id).encode())) {
      pending.remove(id, p);
      return CompletableFuture.failedFuture(
          new IllegalStateException("cannot send to " + peer + ": not connected or queue full"));
    }
    var unused = reply.whenComplete((m, e) -> pending.remove(id, p));
    return reply.orTimeout(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Connects if needed; completes with whether this call opened the connection. */
  private CompletableFuture<Boolean> connect(PeerAddress contact) {
    if (network.isConnected(contact.id())) {
      return CompletableFuture.completedFuture(false);
    }
    return network.dial(contact).thenApply(id -> true);
  }

  private void releaseIfSpare(PeerAddress contact, boolean openedForQuery) {
    if (openedForQuery
        && !network.isPersistent(contact.id())
        && outboundPeers().size() > config.targetOutbound()) {
      network.disconnect(contact.id(), "discovery query done");
    }
  }

  /** Connected outbound peers that are not seeds. */
  private List<PeerInfo> outboundPeers() {
    return network.peers().stream().filter(p -> p.outbound() && !seeds.contains(p.id())).toList();
  }

  /** Checks that {@code contact} is alive: dials it if needed and waits for a PONG. */
  public CompletableFuture<Void> ping(PeerAddress contact) {
    return connect(contact)
        .thenCompose(opened ->
            request(contact.id(), id -> new DiscoveryMessage.Ping(id, listenPort()))
                .whenComplete((m, e) -> releaseIfSpare(contact, opened)))
        .thenApply(m -> null);
  }

  /** Asks {@code contact} for the contacts it knows closest to {@code target}. */
  public CompletableFuture<List<PeerAddress>> findNode(PeerAddress contact, NodeId target) {
    return connect(contact)
        .thenCompose(opened ->
            request(contact.id(), id -> new DiscoveryMessage.FindNode(id, target))
                .whenComplete((m, e) -> releaseIfSpare(contact, opened)))
        .thenApply(m -> ((DiscoveryMessage.Nodes) m).nodes());
  }

  /**
   * The iterative Kademlia lookup: completes with up to k contacts closest to {@code target} that
   * answered (closest first).
   */
  public CompletableFuture<List<PeerAddress>> lookup(NodeId target) {
    Lookup l = new Lookup(target);
    l.step();
    return l.result;
  }

  private final class Lookup {
    final NodeId target;
    final Comparator<PeerAddress> closer;
    final List<PeerAddress> shortlist = new ArrayList<>();
    final Set<NodeId> queried = new HashSet<>();
    final Set<NodeId> failed = new HashSet<>();
    final List<PeerAddress> answered = new ArrayList<>();
    final CompletableFuture<List<PeerAddress>> result = new CompletableFuture<>();
    int inFlight;

    Lookup(NodeId target) {
      this.target = target;
      this.closer = Comparator.comparing(PeerAddress::id, RoutingTable.byDistanceTo(target));
      shortlist.addAll(table.closest(target, config.k()));
    }

    void step() {
      List<PeerAddress> ask = new ArrayList<>();
      synchronized (this) {
        if (result.isDone()) {
          return;
        }
        shortlist.sort(closer);
        int seen = 0;
        for (PeerAddress c : shortlist) {
          if (failed.contains(c.id())) {
            continue;
          }
          if (seen++ >= config.k() || inFlight + ask.size() >= config.alpha()) {
            break;
          }
          if (queried.add(c.id())) {
            ask.add(c);
          }
        }
        inFlight += ask.size();
        if (inFlight == 0 || closed) {
          answered.sort(closer);
          result.complete(List.copyOf(answered.subList(0, Math.min(config.k(), answered.size()))));
          return;
        }
      }
      for (PeerAddress c : ask) {
        var unused =
            findNode(c, target)
                .whenComplete((nodes, failure) -> {
                  synchronized (this) {
                    inFlight--;
                    if (failure != null) {
                      failed.add(c.id());
                    } else {
                      answered.add(c);
                      offer(c);
                      for (PeerAddress n : nodes) {
                        if (!n.id().equals(network.nodeId())
                            && shortlist.stream().noneMatch(s -> s.id().equals(n.id()))) {
                          shortlist.add(n);
                        }
                      }
                    }
                  }
                  step();
                });
      }
    }
  }

  /**
   * Looks up this node's own id, then a random id in each bucket from the farthest (159) down to
   * the closest contact's (at most {@value #MAX_BUCKET_REFRESHES}), one lookup after the other;
   * then dials contacts (neither persistent peers, which the switch dials itself, nor seeds) up to
   * the outbound target and drops the seeds once it is reached.
   */
  public CompletableFuture<Void> refresh() {
    CompletableFuture<Void> lookups =
        lookup(network.nodeId())
            .handle((found, e) -> null)
            .thenCompose(v -> {
              CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
              for (NodeId target : bucketRefreshTargets(table, random)) {
                chain =
                    chain.thenCompose(u ->
                        closed
                            ? CompletableFuture.completedFuture(null)
                            : lookup(target).handle((found, e) -> null));
              }
              return chain;
            });
    return lookups.thenCompose(v -> dialOutbound()).thenRun(this::releaseSeeds);
  }

  /**
   * The random ids a refresh looks up: one in each bucket from 159 down to the lowest non-empty
   * one, at most {@value #MAX_BUCKET_REFRESHES}; none for an empty table.
   */
  static List<NodeId> bucketRefreshTargets(RoutingTable table, RandomGenerator random) {
    OptionalInt lowest = table.lowestNonEmptyBucket();
    if (lowest.isEmpty()) {
      return List.of();
    }
    List<NodeId> targets = new ArrayList<>();
    for (int i = RoutingTable.ID_BITS - 1;
        i >= lowest.getAsInt() && targets.size() < MAX_BUCKET_REFRESHES;
        i--) {
      targets.add(table.randomIdInBucket(i, random));
    }
    return targets;
  }

  /** Dials known contacts, spread over address groups, until the outbound target is reached. */
  private CompletableFuture<Void> dialOutbound() {
    List<PeerInfo> outbound = outboundPeers();
    int missing = config.targetOutbound() - outbound.size();
    if (missing <= 0 || closed) {
      return CompletableFuture.completedFuture(null);
    }
    List<PeerAddress> candidates =
        table.closest(network.nodeId(), table.size()).stream()
            .filter(c ->
                !network.isConnected(c.id())
                    && !network.isBanned(c.id())
                    && !network.isPersistent(c.id())
                    && !seeds.contains(c.id()))
            .toList();
    List<String> groups =
        outbound.stream().map(p -> AddressGroups.group(p.remote().getAddress())).toList();
    List<CompletableFuture<?>> dials = new ArrayList<>();
    for (PeerAddress c : OutboundDiversity.pick(candidates, groups, missing)) {
      dials.add(network.dial(c).exceptionally(e -> null));
    }
    return CompletableFuture.allOf(dials.toArray(CompletableFuture[]::new));
  }

  /**
   * Seeds only bootstrap: once the outbound target is met (checked after each refresh and, for a
   * target above 0, each new outbound connection), their connections are dropped.
   */
  private void releaseSeeds() {
    if (seeds.isEmpty() || outboundPeers().size() < config.targetOutbound()) {
      return;
    }
    for (NodeId seed : seeds) {
      if (network.isConnected(seed) && !network.isPersistent(seed)) {
        network.disconnect(seed, "seed no longer needed: enough outbound peers");
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    timer.shutdownNow();
    try {
      handler.close();
      listener.close();
    } catch (Exception e) {
      throw new IllegalStateException("cannot unregister discovery from the switch", e);
    } finally {
      pending.values().forEach(p -> p.reply().cancel(false));
    }
  }
}
