package io.lattice.node.p2p;

import io.lattice.consensus.BlockCommitted;
import io.lattice.consensus.BlockLedger;
import io.lattice.consensus.EngineListener;
import io.lattice.consensus.block.BlockHashes;
import io.lattice.consensus.tendermint.TendermintEngine;
import io.lattice.p2p.ChannelDescriptor;
import io.lattice.p2p.NodeId;
import io.lattice.p2p.PeerInfo;
import io.lattice.p2p.PeerListener;
import io.lattice.p2p.peer.Switch;
import io.lattice.proto.Canonical;
import io.lattice.proto.DecodeException;
import io.lattice.proto.p2p.v1.BlockSyncMessage;
import io.lattice.proto.p2p.v1.StatusResponse;
import io.lattice.proto.types.v1.Block;
import io.lattice.proto.types.v1.Commit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The block-sync reactor on {@link ChannelDescriptor#BLOCK_SYNC}: answers peers' status and block
 * requests from the local {@link BlockLedger}, and, while a peer reports a height above the
 * engine's, downloads the missing blocks from several peers at once and hands them to the engine in
 * height order through {@link TendermintEngine#commitReceived}. The protocol, its limits and
 * penalties are in this package's documentation.
 *
 * <p>There is no mode switch: the engine keeps running consensus while this feeds it commits, and
 * whichever decides a height first wins (the engine drops the other). Thread-safe: the download
 * state is touched only on this reactor's own thread; requests are served on a second one.
 */
public final class BlockSync implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BlockSync.class);
  private static final HexFormat HEX = HexFormat.of();
  static final int CHANNEL = ChannelDescriptor.BLOCK_SYNC.id();
  static final int MAX_MESSAGE_BYTES = ChannelDescriptor.BLOCK_SYNC.maxMessageBytes();

  /** Misbehaviour points (the switch bans at 100 by default; points decay by one a second). */
  static final double MALFORMED_PENALTY = 20;

  static final double UNSOLICITED_PENALTY = 10;
  static final double INCONSISTENT_PENALTY = 50;
  static final double BAD_BLOCK_PENALTY = 100;
  static final double FLOOD_PENALTY = 2;

  /**
   * First wait before looking whether the engine took a block; doubles per hand-over up to 2^7
   * times (128 ms), and hand-overs go on until the delivery timeout decides: an engine whose commit
   * timeout has not fired yet drops every hand-over until it does, which under load takes longer
   * than any fixed number of quick retries.
   */
  private static final long RECHECK_MICROS = 1_000;

  private static final int MAX_RECHECK_SHIFT = 7;

  /**
   * Limits and timings.
   *
   * @param window heights requested ahead of the engine's committed height at most
   * @param maxRequestsPerPeer outstanding block requests to one peer at most
   * @param maxServedPerPeer requests of one peer served at once at most; more are refused
   * @param maxBufferedBytes downloaded blocks waiting for the engine, in bytes; above it no new
   *     height is requested until the engine takes some (the next height is always requested)
   * @param statusInterval how often every peer is asked for its status
   * @param requestTimeout a block request unanswered this long is sent to another peer
   * @param deliveryTimeout a block handed to the engine that is not committed this long is
   *     considered refused and is downloaded again from another peer
   * @param followDelay when peers are only one height ahead, how long after the engine's last
   *     commit block sync waits before fetching that height: a node in consensus is one height
   *     behind for a moment after each block and decides it itself
   * @param tick how often timeouts are checked when nothing else happens
   */
  public record Settings(
      int window,
      int maxRequestsPerPeer,
      int maxServedPerPeer,
      long maxBufferedBytes,
      Duration statusInterval,
      Duration requestTimeout,
      Duration deliveryTimeout,
      Duration followDelay,
      Duration tick) {
    public Settings {
      if (window < 1 || maxRequestsPerPeer < 1 || maxServedPerPeer < 1 || maxBufferedBytes < 1) {
        throw new IllegalArgumentException(
            "block sync limits must be positive: window "
                + window
                + ", requests per peer "
                + maxRequestsPerPeer
                + ", served per peer "
                + maxServedPerPeer
                + ", buffered bytes "
                + maxBufferedBytes);
      }
      for (Duration d :
          List.of(statusInterval, requestTimeout, deliveryTimeout, followDelay, tick)) {
        if (d.isNegative() || d.isZero()) {
          throw new IllegalArgumentException("block sync durations must be positive, got " + d);
        }
      }
    }

    public static Settings defaults() {
      return new Settings(
          16,
          8,
          20,
          64L << 20,
          Duration.ofSeconds(1),
          Duration.ofSeconds(5),
          Duration.ofSeconds(3),
          Duration.ofSeconds(1),
          Duration.ofMillis(100));
    }

    public Settings withTimeouts(Duration request, Duration delivery) {
      return new Settings(
          window,
          maxRequestsPerPeer,
          maxServedPerPeer,
          maxBufferedBytes,
          statusInterval,
          request,
          delivery,
          followDelay,
          tick);
    }
  }

  private final Switch network;
  private final BlockLedger chain;
  private final TendermintEngine engine;
  private final Settings settings;
  private final ScheduledExecutorService loop;
  private final BlockServer server;
  private final List<AutoCloseable> subscriptions = new ArrayList<>();
  private final AtomicLong delivered = new AtomicLong();
  private volatile long bestPeerHeight;
  private boolean started;
  private volatile boolean closed;

  // ---- touched only on the loop thread ----
  private final Map<NodeId, Peer> peers = new HashMap<>();
  private final TreeMap<Long, Request> requests = new TreeMap<>();
  private final TreeMap<Long, Downloaded> downloaded = new TreeMap<>();
  private final TreeMap<Long, Set<NodeId>> avoid = new TreeMap<>();
  private final TreeMap<Long, List<Candidate>> candidates = new TreeMap<>();

  /** Peers whose block the engine refused, with the height it was for. */
  private final Map<NodeId, Long> suspects = new HashMap<>();

  private long bufferedBytes;
  private Delivery delivery;
  private long lastHashHeight = -1;
  private long lastCommitted = -1;
  private long lastCommittedAt;
  private byte[] lastHash = new byte[0];
  private long nextStatusAt = System.nanoTime();

  /** What a peer last reported, and what is asked of it. */
  private static final class Peer {
    long base;
    long height;
    int outstanding;

    /** Heights asked of this peer and not answered yet (a late answer is still welcome). */
    final Set<Long> asked = new HashSet<>();
  }

  private record Request(long height, NodeId peer, long sentAt) {}

  private record Downloaded(Block block, Commit commit, byte[] hash, NodeId peer, int size) {}

  /** Execution speed assumed when allowing a handed-over block time beyond the timeout. */
  static final int DELIVERY_BYTES_PER_SECOND = 256 * 1024;

  /**
   * The block with the engine: handed over at {@code at}; {@code drops} is the engine's count of
   * dropped messages of the peer when it was last handed over.
   */
  private static final class Delivery {
    final Downloaded block;
    final long at;
    long drops;
    int handed;

    Delivery(Downloaded block, long at) {
      this.block = block;
      this.at = at;
    }

    long height() {
      return block.block().getHeader().getHeight();
    }

    NodeId peer() {
      return block.peer();
    }
  }

  /** A block a peer served, checked against the block the chain commits at its height. */
  private record Candidate(NodeId peer, byte[] hash) {}

  public BlockSync(Switch network, BlockLedger chain, TendermintEngine engine) {
    this(network, chain, engine, Settings.defaults());
  }

  public BlockSync(Switch network, BlockLedger chain, TendermintEngine engine, Settings settings) {
    this.network = network;
    this.chain = chain;
    this.engine = engine;
    this.settings = settings;
    this.loop =
        Executors.newSingleThreadScheduledExecutor(
            r -> daemon(r, "block-sync-" + network.nodeId()));
    this.server = new BlockServer(network, chain, settings.maxServedPerPeer());
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** Starts answering peers and following their heights. */
  public synchronized void start() {
    if (started || closed) {
      throw new IllegalStateException("block sync already started or closed");
    }
    started = true;
    subscriptions.add(network.onReceive(CHANNEL, this::received));
    subscriptions.add(
        network.addListener(
            new PeerListener() {
              @Override
              public void connected(PeerInfo peer) {
                submit(() -> peers.putIfAbsent(peer.id(), new Peer()));
                send(peer.id(), SyncMessages.statusRequest());
              }

              @Override
              public void disconnected(NodeId peer, String reason) {
                server.forget(peer);
                submit(() -> forgetPeer(peer));
              }
            }));
    subscriptions.add(
        engine.addListener(
            new EngineListener() {
              @Override
              public void committed(BlockCommitted block) {
                long h = block.height();
                byte[] hash = block.hash();
                submit(() -> onCommitted(h, hash));
              }
            }));
    for (PeerInfo p : network.peers()) {
      submit(() -> peers.putIfAbsent(p.id(), new Peer()));
    }
    var unused =
        loop.scheduleWithFixedDelay(
            this::step, settings.tick().toNanos(), settings.tick().toNanos(), TimeUnit.NANOSECONDS);
    submit(() -> {});
  }

  /** The highest height a connected peer reported (0 before any answered). */
  public long bestPeerHeight() {
    return bestPeerHeight;
  }

  /** Whether a peer is at least two heights ahead of the engine. */
  public boolean catchingUp() {
    return bestPeerHeight >= engine.committedHeight() + 2;
  }

  /** Blocks handed to the engine since start (including ones it then refused). */
  public long delivered() {
    return delivered.get();
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    Reactors.stop("block sync", subscriptions, loop, log);
    server.close();
  }

  /** Runs {@code action} on the loop thread, then a step. */
  private void submit(Runnable action) {
    if (closed) {
      return;
    }
    try {
      loop.execute(() -> {
        action.run();
        step();
      });
    } catch (RejectedExecutionException e) {
      log.debug("block sync: closed, dropping an event");
    }
  }

  // ---- receiving ----

  private void received(NodeId peer, byte[] bytes) {
    BlockSyncMessage m;
    try {
      m =
          Canonical.decode(
              BlockSyncMessage.parser(), bytes, MAX_MESSAGE_BYTES, "block-sync message");
    } catch (DecodeException e) {
      network.penalize(peer, MALFORMED_PENALTY, e.getMessage());
      return;
    }
    switch (m.getSumCase()) {
      case STATUS_REQUEST, BLOCK_REQUEST -> server.serve(peer, m);
      case STATUS_RESPONSE -> {
        StatusResponse s = m.getStatusResponse();
        if (s.getBase() > s.getHeight()) {
          network.penalize(
              peer,
              MALFORMED_PENALTY,
              "block-sync status with base " + s.getBase() + " above height " + s.getHeight());
          return;
        }
        submit(() -> onStatus(peer, s.getBase(), s.getHeight()));
      }
      case BLOCK_RESPONSE -> {
        Block block = m.getBlockResponse().getBlock();
        Commit commit = m.getBlockResponse().getCommit();
        Optional<String> bad = SyncMessages.inconsistency(block, commit);
        long h = block.getHeader().getHeight();
        if (bad.isPresent()) {
          network.penalize(peer, INCONSISTENT_PENALTY, "block-sync block " + h + ": " + bad.get());
          submit(() -> onNoBlock(peer, h, false));
          return;
        }
        byte[] hash = BlockHashes.header(block.getHeader());
        submit(() -> onBlock(peer, new Downloaded(block, commit, hash, peer, bytes.length)));
      }
      case NO_BLOCK -> {
        long h = m.getNoBlock().getHeight();
        submit(() -> onNoBlock(peer, h, true));
      }
      case SUM_NOT_SET -> network.penalize(peer, MALFORMED_PENALTY, "empty block-sync message");
    }
  }

  // ---- downloading (loop thread) ----

  private void onStatus(NodeId id, long peerBase, long height) {
    if (!network.isConnected(id)) {
      return;
    }
    Peer p = peers.computeIfAbsent(id, k -> new Peer());
    p.base = peerBase;
    p.height = height;
    updateBest();
  }

  private void forgetPeer(NodeId id) {
    suspects.remove(id);
    Peer p = peers.remove(id);
    if (p != null) {
      requests.values().removeIf(r -> r.peer().equals(id));
      updateBest();
    }
  }

  private void updateBest() {
    long best = 0;
    for (Peer p : peers.values()) {
      best = Math.max(best, p.height);
    }
    bestPeerHeight = best;
  }

  private void onBlock(NodeId from, Downloaded d) {
    long h = d.block().getHeader().getHeight();
    Peer p = peers.get(from);
    if (p == null || !p.asked.remove(h)) {
      network.penalize(from, UNSOLICITED_PENALTY, "block-sync block " + h + " was not requested");
      return;
    }
    answered(from, h);
    long committed = engine.committedHeight();
    if (h <= committed) {
      return; // late: the height is committed already
    }
    candidates.computeIfAbsent(h, k -> new ArrayList<>()).add(new Candidate(from, d.hash()));
    if (downloaded.containsKey(h)
        || (delivery != null && delivery.height() == h)
        || suspects.containsKey(from)) {
      return;
    }
    downloaded.put(h, d);
    bufferedBytes += d.size();
  }

  /** {@code from} has no block {@code h} for us (it said so, or sent a useless one). */
  private void onNoBlock(NodeId from, long h, boolean penalizeUnasked) {
    Peer p = peers.get(from);
    if (p == null || !p.asked.remove(h)) {
      if (penalizeUnasked) {
        network.penalize(
            from, UNSOLICITED_PENALTY, "block-sync answer for height " + h + " not asked");
      }
      return;
    }
    answered(from, h);
    avoid.computeIfAbsent(h, k -> new HashSet<>()).add(from);
    if (p.height >= h) {
      // until its next status, take it at its word: it does not have h yet
      p.height = h - 1;
      updateBest();
    }
  }

  /** Ends the request of {@code h} to {@code from}, if it is still the current one. */
  private void answered(NodeId from, long h) {
    Request r = requests.get(h);
    if (r != null && r.peer().equals(from)) {
      requests.remove(h);
      Peer p = peers.get(from);
      if (p != null) {
        p.outstanding--;
      }
    }
  }

  /**
   * The engine committed {@code h}: peers hear of it at once (so that one following closely asks
   * for it without waiting for its next status poll), and the peers that served another block for
   * it lied.
   */
  private void onCommitted(long h, byte[] hash) {
    log.debug("block sync: the engine committed block {}", h);
    lastHashHeight = h;
    lastHash = hash;
    suspects.values().removeIf(height -> height <= h);
    network.broadcast(CHANNEL, SyncMessages.statusResponse(server.base(h), h).toByteArray());
    List<Candidate> served = candidates.remove(h);
    if (served == null) {
      return;
    }
    for (Candidate c : served) {
      if (!Arrays.equals(c.hash(), hash) && !network.isBanned(c.peer())) {
        network.penalize(
            c.peer(),
            BAD_BLOCK_PENALTY,
            "served block "
                + HEX.formatHex(c.hash())
                + " for height "
                + h
                + ", but the chain committed "
                + HEX.formatHex(hash));
      }
    }
  }

  private void step() {
    if (closed) {
      return;
    }
    try {
      long now = System.nanoTime();
      long committed = engine.committedHeight();
      forget(committed);
      expire(now);
      deliver(committed, now);
      request(committed, now);
      if (now - nextStatusAt >= 0) {
        nextStatusAt = now + settings.statusInterval().toNanos();
        network.broadcast(CHANNEL, SyncMessages.statusRequest().toByteArray());
      }
    } catch (RuntimeException e) {
      log.error("block sync: step failed", e);
    }
  }

  /** Drops what the engine has committed. */
  private void forget(long committed) {
    requests
        .headMap(committed, true)
        .values()
        .forEach(r -> {
          Peer p = peers.get(r.peer());
          if (p != null) {
            p.outstanding--;
          }
        });
    requests.headMap(committed, true).clear();
    var done = downloaded.headMap(committed, true);
    for (Downloaded d : done.values()) {
      bufferedBytes -= d.size();
    }
    done.clear();
    avoid.headMap(committed, true).clear();
    // candidates of committed heights are checked in onCommitted; keep a window for late events
    candidates.headMap(committed - settings.window(), true).clear();
    long oldest = committed - settings.window();
    for (Peer p : peers.values()) {
      p.asked.removeIf(h -> h <= oldest);
    }
    if (delivery != null && delivery.height() <= committed) {
      delivery = null;
    }
  }

  private void expire(long now) {
    long timeout = settings.requestTimeout().toNanos();
    var it = requests.values().iterator();
    while (it.hasNext()) {
      Request r = it.next();
      if (now - r.sentAt() > timeout) {
        log.debug(
            "block sync: {} did not answer for block {}, asking another peer",
            r.peer(),
            r.height());
        it.remove();
        Peer p = peers.get(r.peer());
        if (p != null) {
          p.outstanding--;
        }
        avoid.computeIfAbsent(r.height(), k -> new HashSet<>()).add(r.peer());
      }
    }
    if (delivery != null && now - delivery.at > deliveryAllowance(delivery.block.size())) {
      log.info(
          "block sync: the engine did not commit block {} ({} bytes) from {} within {} ms ({}"
              + " times handed over); downloading it again from another peer",
          delivery.height(),
          delivery.block.size(),
          delivery.peer(),
          TimeUnit.NANOSECONDS.toMillis(deliveryAllowance(delivery.block.size())),
          delivery.handed);
      avoid.computeIfAbsent(delivery.height(), k -> new HashSet<>()).add(delivery.peer());
      if (anotherPeerHas(delivery.peer(), delivery.height())) {
        suspect(delivery.peer(), delivery.height());
      }
      delivery = null;
    }
  }

  /**
   * How long the engine may take to commit a handed-over block of {@code bytes}: the delivery
   * timeout plus one second per {@value #DELIVERY_BYTES_PER_SECOND} bytes, since executing a large
   * block takes longer than the timeout alone allows (a 3 MiB block of 13,000 transfers took more
   * than 3 s under load).
   */
  private long deliveryAllowance(int bytes) {
    return settings.deliveryTimeout().toNanos()
        + bytes * (TimeUnit.SECONDS.toNanos(1) / DELIVERY_BYTES_PER_SECOND);
  }

  /**
   * Whether a connected peer other than {@code peer} has height {@code h}. When none has, the only
   * source is not suspected: a block the engine did not take in time is asked of it again rather
   * than of nobody (a node with one peer would stop syncing; a forging sole peer costs a delivery
   * timeout per block, and the engine still verifies every commit).
   */
  private boolean anotherPeerHas(NodeId peer, long h) {
    for (Map.Entry<NodeId, Peer> e : peers.entrySet()) {
      if (!e.getKey().equals(peer) && e.getValue().height >= h && e.getValue().base <= h) {
        return true;
      }
    }
    return false;
  }

  /**
   * The engine refused {@code peer}'s block of {@code h}: until {@code h} is committed (and the
   * block judged against the committed one) nothing more is asked of it and its other downloaded
   * blocks are dropped, so that a peer serving forged blocks costs one delivery timeout, not one
   * per block.
   */
  private void suspect(NodeId peer, long h) {
    suspects.merge(peer, h, Math::max);
    var it = downloaded.values().iterator();
    while (it.hasNext()) {
      Downloaded d = it.next();
      if (d.peer().equals(peer)) {
        it.remove();
        bufferedBytes -= d.size();
      }
    }
  }

  /**
   * Hands the next height to the engine, once it committed the one before. The engine drops a
   * commit that arrives before it has moved on to the next height (it does so when its commit
   * timeout fires, at once after a block decided by a received commit): when the engine's count of
   * the peer's dropped messages grows, the same block is handed over again.
   */
  private void deliver(long committed, long now) {
    if (delivery != null) {
      if (engine.dropped(delivery.peer().hex()) > delivery.drops) {
        handOver(delivery);
      }
      return;
    }
    Downloaded next = downloaded.remove(committed + 1);
    if (next == null) {
      return;
    }
    bufferedBytes -= next.size();
    if (network.isBanned(next.peer())) {
      return; // requested again from another peer
    }
    Optional<byte[]> previous = committedHash(committed);
    if (previous.isPresent()
        && !Arrays.equals(
            previous.get(), next.block().getHeader().getLastBlockId().getHash().toByteArray())) {
      network.penalize(
          next.peer(),
          BAD_BLOCK_PENALTY,
          "served block "
              + (committed + 1)
              + " that does not extend the committed block "
              + committed);
      avoid.computeIfAbsent(committed + 1, k -> new HashSet<>()).add(next.peer());
      return;
    }
    delivery = new Delivery(next, now);
    delivered.incrementAndGet();
    handOver(delivery);
  }

  private void handOver(Delivery d) {
    d.drops = engine.dropped(d.peer().hex());
    d.handed++;
    log.debug("block sync: handing block {} from {} to the engine", d.height(), d.peer());
    engine.commitReceived(d.block.block(), d.block.commit(), d.peer().hex());
    // look again soon: the engine either commits it (the listener wakes the loop) or drops it
    var unused =
        loop.schedule(
            this::step,
            RECHECK_MICROS << Math.min(d.handed, MAX_RECHECK_SHIFT),
            TimeUnit.MICROSECONDS);
  }

  private Optional<byte[]> committedHash(long height) {
    if (height < 1) {
      return Optional.empty();
    }
    if (height == lastHashHeight) {
      return Optional.of(lastHash);
    }
    Optional<byte[]> hash = chain.block(height).map(b -> BlockHashes.header(b.getHeader()));
    hash.ifPresent(h -> {
      lastHashHeight = height;
      lastHash = h;
    });
    return hash;
  }

  /** Fills the window of outstanding requests above the committed height. */
  private void request(long committed, long now) {
    if (committed != lastCommitted) {
      lastCommitted = committed;
      lastCommittedAt = now;
    }
    if (bestPeerHeight == committed + 1
        && now - lastCommittedAt < settings.followDelay().toNanos()) {
      return;
    }
    long last = Math.min(committed + settings.window(), bestPeerHeight);
    for (long h = committed + 1; h <= last; h++) {
      if (requests.containsKey(h)
          || downloaded.containsKey(h)
          || (delivery != null && delivery.height() == h)) {
        continue;
      }
      if (h > committed + 1 && bufferedBytes >= settings.maxBufferedBytes()) {
        return;
      }
      Optional<NodeId> peer = pick(h);
      if (peer.isEmpty()) {
        continue;
      }
      NodeId id = peer.get();
      if (!send(id, SyncMessages.blockRequest(h))) {
        avoid.computeIfAbsent(h, k -> new HashSet<>()).add(id);
        continue;
      }
      Peer p = peers.get(id);
      p.outstanding++;
      p.asked.add(h);
      requests.put(h, new Request(h, id, now));
    }
  }

  /**
   * The least busy peer that has {@code h}, preferring those that have not failed it; ties broken
   * at random so that requests spread.
   */
  private Optional<NodeId> pick(long h) {
    Set<NodeId> failed = avoid.getOrDefault(h, Set.of());
    NodeId best = null;
    boolean bestFailed = true;
    int bestLoad = Integer.MAX_VALUE;
    int ties = 0;
    for (Map.Entry<NodeId, Peer> e : peers.entrySet()) {
      Peer p = e.getValue();
      if (p.height < h
          || p.base > h
          || p.outstanding >= settings.maxRequestsPerPeer()
          || suspects.containsKey(e.getKey())) {
        continue;
      }
      boolean f = failed.contains(e.getKey());
      int cmp =
          best == null
              ? -1
              : f != bestFailed ? (f ? 1 : -1) : Integer.compare(p.outstanding, bestLoad);
      if (cmp < 0) {
        best = e.getKey();
        bestFailed = f;
        bestLoad = p.outstanding;
        ties = 1;
      } else if (cmp == 0 && ThreadLocalRandom.current().nextInt(++ties) == 0) {
        best = e.getKey();
      }
    }
    if (best != null && bestFailed) {
      // every peer that has it failed it once: try again, starting afresh
      failed.clear();
    }
    return Optional.ofNullable(best);
  }

  private boolean send(NodeId peer, BlockSyncMessage m) {
    return network.send(peer, CHANNEL, m.toByteArray());
  }
}
