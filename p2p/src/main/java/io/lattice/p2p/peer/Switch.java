package io.lattice.p2p.peer;

import io.lattice.common.Clock;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.p2p.ChannelHandler;
import io.lattice.p2p.NodeId;
import io.lattice.p2p.P2pConfig;
import io.lattice.p2p.PeerAddress;
import io.lattice.p2p.PeerConnectionException;
import io.lattice.p2p.PeerInfo;
import io.lattice.p2p.PeerListener;
import io.lattice.p2p.PeerStats;
import io.lattice.p2p.transport.Connection;
import io.lattice.p2p.transport.ConnectionEvents;
import io.lattice.p2p.transport.LocalIdentity;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peer manager: listens, dials, authenticates every connection with Noise XX, keeps at most one
 * connection per node id, and moves channel messages between peers and the registered handlers. It
 * redials persistent peers with exponential backoff, dials seeds and remembered anchors at start,
 * bans misbehaving peers for {@link P2pConfig#banDuration()} and refuses them on connect, and
 * limits inbound connections in total and per address group.
 *
 * <p>Thread-safe. Handlers and listeners run on network threads and must not block. Two nodes that
 * dial each other at once keep the connection dialled by the smaller node id.
 */
public final class Switch implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Switch.class);
  private static final int MAX_NON_PERSISTENT_DIALS = 10;

  private final P2pConfig config;
  private final LocalIdentity identity;
  private final NodeId self;
  private final BanList bans;
  private final PeerScores scores;
  private final EventLoopGroup group;
  private final Events events = new Events();
  private final Map<NodeId, Connection> peers = new ConcurrentHashMap<>();

  /** Accepted connections that replace another one to the same node: no connected event. */
  private final java.util.Set<Connection> replacements = ConcurrentHashMap.newKeySet();

  private final Map<Integer, List<ChannelHandler>> handlers = new ConcurrentHashMap<>();

  /**
   * Per declared channel: payload bytes and messages queued to peers (message counted per peer).
   */
  private final Map<Integer, LongAdder[]> sent = new ConcurrentHashMap<>();

  private final List<PeerListener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicInteger inbound = new AtomicInteger();
  private final Map<String, AtomicInteger> inboundByGroup = new ConcurrentHashMap<>();
  private final AtomicLong refusedInbound = new AtomicLong();
  private final Map<NodeId, Redial> redials = new ConcurrentHashMap<>();
  private final Optional<AnchorFile> anchors;
  private final Deque<PeerAddress> recentOutbound = new ArrayDeque<>();
  private volatile boolean closed;
  private volatile Channel server;

  /** A peer to keep dialling: forever (persistent) or until it connected once (seed, anchor). */
  private static final class Redial {
    final PeerAddress address;
    final boolean persistent;
    int failures;
    boolean scheduled;

    Redial(PeerAddress address, boolean persistent) {
      this.address = address;
      this.persistent = persistent;
    }
  }

  public Switch(PrivateKeySigner nodeKey, P2pConfig config) {
    this(nodeKey, config, Clock.system());
  }

  /**
   * @param nodeKey the node's ed25519 identity key
   * @param clock for ban expiry
   */
  public Switch(PrivateKeySigner nodeKey, P2pConfig config, Clock clock) {
    this.config = config;
    this.identity = LocalIdentity.create(nodeKey);
    this.self = identity.id();
    this.bans = new BanList(clock);
    this.scores = new PeerScores(config.banScore(), 1, System::nanoTime);
    this.anchors = config.anchorDirectory().map(AnchorFile::new);
    this.group = new MultiThreadIoEventLoopGroup(config.ioThreads(), NioIoHandler.newFactory());
    for (var c : config.channels()) {
      handlers.put(c.id(), new CopyOnWriteArrayList<>());
      sent.put(c.id(), new LongAdder[] {new LongAdder(), new LongAdder()});
    }
  }

  public NodeId nodeId() {
    return self;
  }

  public P2pConfig config() {
    return config;
  }

  /** Whether {@code peer} is a persistent peer (configured or added): the switch redials it. */
  public boolean isPersistent(NodeId peer) {
    return persistentAddress(peer).isPresent();
  }

  /** The address this switch dials persistent peer {@code peer} at; empty if not persistent. */
  public Optional<PeerAddress> persistentAddress(NodeId peer) {
    Redial r = redials.get(peer);
    return r != null && r.persistent ? Optional.of(r.address) : Optional.empty();
  }

  /**
   * Binds the listen address, then dials the remembered anchors, the seeds and the persistent
   * peers. Returns the bound address (with the real port when the configured one was 0).
   *
   * @throws IOException when the address cannot be bound
   */
  public synchronized InetSocketAddress start() throws IOException {
    if (server != null || closed) {
      throw new IllegalStateException("switch already started or closed");
    }
    ServerBootstrap b =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 128)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark())
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    accept(ch);
                  }
                });
    ChannelFuture bound = b.bind(config.listen()).awaitUninterruptibly();
    if (!bound.isSuccess()) {
      throw new IOException("cannot listen on " + config.listen(), bound.cause());
    }
    server = bound.channel();
    log.info("p2p: node {} listening on {}", self, listenAddress());
    if (anchors.isPresent()) {
      try {
        List<PeerAddress> remembered = anchors.get().load();
        synchronized (recentOutbound) {
          recentOutbound.addAll(remembered);
        }
        remembered.forEach(a -> keepDialing(a, false));
      } catch (IOException e) {
        log.warn("p2p: ignoring the anchor file: {}", e.getMessage());
      }
    }
    config.seeds().forEach(a -> keepDialing(a, false));
    config.persistentPeers().forEach(a -> keepDialing(a, true));
    return listenAddress();
  }

  private static WriteBufferWaterMark waterMark() {
    return new WriteBufferWaterMark(256 * 1024, 1024 * 1024);
  }

  public InetSocketAddress listenAddress() {
    Channel s = server;
    if (s == null) {
      throw new IllegalStateException("switch not started");
    }
    return (InetSocketAddress) s.localAddress();
  }

  /** This node's {@code id@host:port}, for other nodes' configuration. */
  public PeerAddress selfAddress() {
    return PeerAddress.of(self, listenAddress());
  }

  private void accept(SocketChannel ch) {
    String addressGroup = AddressGroups.group(ch.remoteAddress().getAddress());
    AtomicInteger inGroup = inboundByGroup.computeIfAbsent(addressGroup, g -> new AtomicInteger());
    int total = inbound.incrementAndGet();
    int sameGroup = inGroup.incrementAndGet();
    ch.closeFuture()
        .addListener(f -> {
          inbound.decrementAndGet();
          inGroup.decrementAndGet();
        });
    String refusal = null;
    if (closed) {
      refusal = "switch is closing";
    } else if (total > config.maxInbound()) {
      refusal = "too many inbound connections (max " + config.maxInbound() + ")";
    } else if (sameGroup > config.maxInboundPerGroup()) {
      refusal =
          "too many inbound connections from "
              + addressGroup
              + " (max "
              + config.maxInboundPerGroup()
              + ")";
    }
    if (refusal != null) {
      refusedInbound.incrementAndGet();
      log.info("p2p: refusing inbound {}: {}", ch.remoteAddress(), refusal);
      var unused = ch.close();
      return;
    }
    ch.pipeline().addLast(Connection.inbound(config, events, identity).pipeline());
  }

  /**
   * Dials {@code address}; completes with the peer's id once it authenticated as {@code
   * address.id()} and was accepted (immediately if already connected), or fails with a {@link
   * PeerConnectionException} naming the reason.
   */
  public CompletableFuture<NodeId> dial(PeerAddress address) {
    if (closed) {
      return CompletableFuture.failedFuture(new PeerConnectionException("switch is closed"));
    }
    if (address.id().equals(self)) {
      return CompletableFuture.failedFuture(
          new PeerConnectionException("refusing to dial self (" + address + ")"));
    }
    var banned = bans.bannedUntil(address.id());
    if (banned.isPresent()) {
      return CompletableFuture.failedFuture(
          new PeerConnectionException("node " + address.id() + " is banned until " + banned.get()));
    }
    if (isConnected(address.id())) {
      return CompletableFuture.completedFuture(address.id());
    }
    Connection connection = Connection.outbound(config, events, identity, address);
    CompletableFuture<NodeId> result = new CompletableFuture<>();
    Bootstrap b =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.dialTimeout().toMillis())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark())
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(connection.pipeline());
                  }
                });
    b.connect(address.host(), address.port())
        .addListener((ChannelFuture f) -> {
          if (!f.isSuccess()) {
            String reason = "cannot connect to " + address + ": " + f.cause().getMessage();
            log.info("p2p: {}", reason);
            result.completeExceptionally(new PeerConnectionException(reason, f.cause()));
          }
        });
    var unused =
        connection
            .opened()
            .whenComplete((c, failure) -> {
              if (failure == null || isConnected(address.id())) {
                result.complete(address.id());
              } else {
                result.completeExceptionally(failure);
              }
            });
    return result;
  }

  /** Dials {@code address} now and again whenever it is not connected, with backoff. */
  public void addPersistentPeer(PeerAddress address) {
    keepDialing(address, true);
  }

  private void keepDialing(PeerAddress address, boolean persistent) {
    if (address.id().equals(self)) {
      return;
    }
    Redial r = new Redial(address, persistent);
    Redial existing = redials.putIfAbsent(address.id(), r);
    if (existing != null && (existing.persistent || !persistent)) {
      return;
    }
    if (existing != null) {
      redials.put(address.id(), r);
    }
    attemptDial(r);
  }

  private void attemptDial(Redial r) {
    if (closed || redials.get(r.address.id()) != r || isConnected(r.address.id())) {
      return;
    }
    var unused =
        dial(r.address)
            .whenComplete((id, failure) -> {
              if (failure != null) {
                scheduleRedial(r);
              }
            });
  }

  private void scheduleRedial(Redial r) {
    long delayNanos;
    synchronized (r) {
      if (r.scheduled || closed) {
        return;
      }
      if (!r.persistent && r.failures >= MAX_NON_PERSISTENT_DIALS) {
        log.info("p2p: giving up on {} after {} attempts", r.address, r.failures);
        redials.remove(r.address.id(), r);
        return;
      }
      r.scheduled = true;
      long min = config.redialMin().toNanos();
      long max = config.redialMax().toNanos();
      long backoff = r.failures >= 30 ? max : Math.min(max, min << r.failures);
      r.failures++;
      // jitter in [backoff/2, backoff] so that nodes restarted together do not dial in lockstep
      delayNanos = backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
    }
    try {
      var unused =
          group.schedule(
              () -> {
                synchronized (r) {
                  r.scheduled = false;
                }
                attemptDial(r);
              },
              delayNanos,
              TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      log.debug("p2p: not redialling {}: switch shut down", r.address);
    }
  }

  /**
   * Queues {@code message} for {@code peer} on {@code channel}. False when the peer is not
   * connected or the channel's send queue for it is full (counted in its {@link PeerStats}).
   *
   * @throws IllegalArgumentException for an undeclared channel or a message above its maximum
   */
  public boolean send(NodeId peer, int channel, byte[] message) {
    Connection c = peers.get(peer);
    boolean queued = c != null && c.isOpen() && c.send(channel, message);
    if (queued) {
      countSent(channel, message.length, 1);
    }
    return queued;
  }

  /** Queues {@code message} for every connected peer; returns how many accepted it. */
  public int broadcast(int channel, byte[] message) {
    int queued = 0;
    for (Connection c : peers.values()) {
      if (c.isOpen() && c.send(channel, message)) {
        queued++;
      }
    }
    countSent(channel, (long) message.length * queued, queued);
    return queued;
  }

  private void countSent(int channel, long bytes, int messages) {
    LongAdder[] counters = sent.get(channel);
    if (counters != null && messages > 0) {
      counters[0].add(bytes);
      counters[1].add(messages);
    }
  }

  /** Payload bytes queued to peers on {@code channel} since start (0 for an undeclared one). */
  public long channelSentBytes(int channel) {
    LongAdder[] counters = sent.get(channel);
    return counters == null ? 0 : counters[0].sum();
  }

  /** Messages queued to peers on {@code channel} since start, one per peer it was queued for. */
  public long channelSentMessages(int channel) {
    LongAdder[] counters = sent.get(channel);
    return counters == null ? 0 : counters[1].sum();
  }

  /**
   * Registers a receiver of {@code channel}'s messages; closing the handle unregisters it.
   *
   * @throws IllegalArgumentException when the channel is not declared in the configuration
   */
  public AutoCloseable onReceive(int channel, ChannelHandler handler) {
    List<ChannelHandler> list = handlers.get(channel);
    if (list == null) {
      throw new IllegalArgumentException(
          "channel 0x" + Integer.toHexString(channel) + " is not declared");
    }
    list.add(handler);
    return () -> list.remove(handler);
  }

  public AutoCloseable addListener(PeerListener listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** The connected, authenticated peers. */
  public List<PeerInfo> peers() {
    List<PeerInfo> out = new ArrayList<>();
    for (Connection c : peers.values()) {
      if (c.isOpen()) {
        out.add(c.info());
      }
    }
    return out;
  }

  /** The connected peer {@code peer}, if it is. */
  public Optional<PeerInfo> peer(NodeId peer) {
    Connection c = peers.get(peer);
    return c != null && c.isOpen() ? Optional.of(c.info()) : Optional.empty();
  }

  public boolean isConnected(NodeId peer) {
    Connection c = peers.get(peer);
    return c != null && c.isOpen();
  }

  public Optional<PeerStats> stats(NodeId peer) {
    return Optional.ofNullable(peers.get(peer)).map(c -> c.stats(scores.score(peer)));
  }

  /** Messages waiting for {@code peer} on {@code channel}. */
  public int queued(NodeId peer, int channel) {
    Connection c = peers.get(peer);
    return c == null ? 0 : c.queued(channel);
  }

  /** Inbound connections refused by the peer limits since start. */
  public long refusedInbound() {
    return refusedInbound.get();
  }

  /**
   * Adds misbehaviour points to {@code peer} (they decay by one per second); at the ban score it is
   * banned and disconnected.
   */
  public void penalize(NodeId peer, double points, String reason) {
    log.debug("p2p: {} misbehaved ({} points): {}", peer, points, reason);
    if (scores.add(peer, points)) {
      ban(peer, config.banDuration(), reason);
    }
  }

  /** Bans {@code peer} for {@code duration} and disconnects it. */
  public void ban(NodeId peer, Duration duration, String reason) {
    bans.ban(peer, duration);
    log.warn("p2p: banning {} for {}: {}", peer, duration, reason);
    Connection c = peers.get(peer);
    if (c != null) {
      c.close("banned for " + duration + ": " + reason);
    }
  }

  public boolean isBanned(NodeId peer) {
    return bans.isBanned(peer);
  }

  public void disconnect(NodeId peer, String reason) {
    Connection c = peers.get(peer);
    if (c != null) {
      c.close(reason);
    }
  }

  /**
   * Closes every connection and the listener, and stops the network threads (waiting a few seconds
   * at most). Not to be called from a handler or listener.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Connection c : peers.values()) {
      c.close("switch closing");
    }
    Channel s = server;
    if (s != null) {
      s.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }

  private void rememberAnchor(PeerAddress address) {
    if (anchors.isEmpty() || config.maxAnchors() == 0) {
      return;
    }
    // one writer at a time, so an older list never overwrites a newer one and the temporary file
    // is never shared
    synchronized (recentOutbound) {
      recentOutbound.removeIf(a -> a.id().equals(address.id()));
      recentOutbound.addFirst(address);
      while (recentOutbound.size() > config.maxAnchors()) {
        recentOutbound.removeLast();
      }
      try {
        anchors.get().save(List.copyOf(recentOutbound));
      } catch (IOException e) {
        log.warn("p2p: cannot write the anchor file: {}", e.toString());
      }
    }
  }

  private final class Events implements ConnectionEvents {
    @Override
    public Optional<String> authenticated(Connection connection) {
      NodeId id = connection.remoteId();
      if (closed) {
        return Optional.of("switch is closing");
      }
      if (id.equals(self)) {
        return Optional.of("connected to self");
      }
      var banned = bans.bannedUntil(id);
      if (banned.isPresent()) {
        return Optional.of("node " + id + " is banned until " + banned.get());
      }
      boolean replaced;
      synchronized (peers) {
        Connection existing = peers.get(id);
        replaced = existing != null;
        if (existing != null) {
          if (existing.outbound() == connection.outbound()) {
            return Optional.of("already connected to " + id);
          }
          NodeId dialer = connection.outbound() ? self : id;
          NodeId smaller = self.compareTo(id) < 0 ? self : id;
          String why = "duplicate connection: keeping the one dialled by " + smaller;
          if (!dialer.equals(smaller)) {
            return Optional.of(why);
          }
          existing.close(why);
        }
        peers.put(id, connection);
      }
      Redial r = redials.get(id);
      if (r != null) {
        synchronized (r) {
          r.failures = 0;
        }
        if (!r.persistent) {
          redials.remove(id, r);
        }
      }
      connection.dialled().ifPresent(Switch.this::rememberAnchor);
      if (replaced) {
        replacements.add(connection);
      }
      return Optional.empty();
    }

    @Override
    public void opened(Connection connection) {
      if (replacements.remove(connection)) {
        return;
      }
      PeerInfo info = connection.info();
      for (PeerListener l : listeners) {
        try {
          l.connected(info);
        } catch (RuntimeException e) {
          log.warn("p2p: peer listener failed on connect of {}", info.id(), e);
        }
      }
    }

    @Override
    public void received(Connection connection, int channel, byte[] message) {
      NodeId from = connection.remoteId();
      for (ChannelHandler h : handlers.getOrDefault(channel, List.of())) {
        try {
          h.received(from, message);
        } catch (RuntimeException e) {
          log.warn(
              "p2p: handler of channel 0x{} failed on a message from {}",
              Integer.toHexString(channel),
              from,
              e);
        }
      }
    }

    @Override
    public void penalized(Connection connection, double points, String reason) {
      penalize(connection.remoteId(), points, reason);
    }

    @Override
    public void closed(Connection connection, String reason, boolean wasOpen) {
      if (!wasOpen) {
        return;
      }
      NodeId id = connection.remoteId();
      if (!peers.remove(id, connection)) {
        return;
      }
      for (PeerListener l : listeners) {
        try {
          l.disconnected(id, reason);
        } catch (RuntimeException e) {
          log.warn("p2p: peer listener failed on disconnect of {}", id, e);
        }
      }
      Redial r = redials.get(id);
      if (r != null && r.persistent && !closed) {
        scheduleRedial(r);
      }
    }
  }
}
