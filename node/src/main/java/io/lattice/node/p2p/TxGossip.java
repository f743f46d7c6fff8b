package io.lattice.node.p2p;

import io.lattice.consensus.app.CheckTxResult;
import io.lattice.crypto.Hashes;
import io.lattice.p2p.ChannelDescriptor;
import io.lattice.p2p.NodeId;
import io.lattice.p2p.PeerInfo;
import io.lattice.p2p.PeerListener;
import io.lattice.p2p.RecentSet;
import io.lattice.p2p.peer.Switch;
import io.lattice.runtime.mempool.Mempool;
import io.lattice.runtime.tx.Codes;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transaction gossip on {@link ChannelDescriptor#MEMPOOL}: one message is one transaction's bytes.
 * A transaction admitted locally is {@link #announce announced} to every peer; one received from a
 * peer is checked into the {@link Mempool} and, when newly admitted, relayed to every peer not
 * known to have it. A peer is known to have a transaction it sent us or we sent it (a bounded set
 * of hashes per peer), so a transaction never goes back to the peer it came from. Transactions seen
 * recently (a bounded set of hashes) are dropped before they reach the mempool.
 *
 * <p>Checking runs on one thread of its own, never on a network thread; at most {@value
 * #MAX_QUEUED} transactions and {@value #MAX_QUEUED_BYTES} bytes wait for it, more are dropped (and
 * may be received again later). Thread-safe.
 */
public final class TxGossip implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TxGossip.class);
  private static final HexFormat HEX = HexFormat.of();
  static final int CHANNEL = ChannelDescriptor.MEMPOOL.id();
  static final int SEEN = 100_000;
  static final int KNOWN_PER_PEER = 20_000;
  static final int MAX_QUEUED = 10_000;
  static final long MAX_QUEUED_BYTES = 32L << 20;

  /** Points for a transaction no honest node could have admitted (the switch bans at 100). */
  static final double INVALID_TX_PENALTY = 5;

  /** Runtime refusals that do not depend on the state: the transaction is invalid everywhere. */
  private static final Set<Integer> STATELESS_REFUSALS =
      Set.of(
          Codes.TX_DECODE,
          Codes.UNKNOWN_REQUEST,
          Codes.INVALID_ADDRESS,
          Codes.INVALID_PUBKEY,
          Codes.INVALID_COINS,
          Codes.MEMO_TOO_LARGE,
          Codes.NO_SIGNATURES,
          Codes.INVALID_REQUEST,
          Codes.TX_TOO_LARGE,
          Codes.INVALID_GAS_LIMIT,
          Codes.WRONG_CHAIN_ID);

  private final Switch network;
  private final Mempool mempool;
  private final RecentSet<ByteBuffer> seen = new RecentSet<>(SEEN);
  private final Map<NodeId, RecentSet<ByteBuffer>> known = new ConcurrentHashMap<>();
  private final ExecutorService checker;
  private final List<AutoCloseable> subscriptions = new ArrayList<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicLong queuedBytes = new AtomicLong();
  private final AtomicLong admitted = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong relayed = new AtomicLong();
  private final AtomicLong overflow = new AtomicLong();
  private boolean started;
  private volatile boolean closed;

  public TxGossip(Switch network, Mempool mempool) {
    this.network = network;
    this.mempool = mempool;
    this.checker =
        Executors.newSingleThreadExecutor(r -> {
          Thread t = new Thread(r, "tx-gossip-" + network.nodeId());
          t.setDaemon(true);
          return t;
        });
  }

  /** Starts receiving transactions from peers. */
  public synchronized void start() {
    if (started || closed) {
      throw new IllegalStateException("tx gossip already started or closed");
    }
    started = true;
    subscriptions.add(
        network.addListener(
            new PeerListener() {
              @Override
              public void connected(PeerInfo peer) {
                known.put(peer.id(), new RecentSet<>(KNOWN_PER_PEER));
              }

              @Override
              public void disconnected(NodeId peer, String reason) {
                known.remove(peer);
              }
            }));
    for (PeerInfo p : network.peers()) {
      known.putIfAbsent(p.id(), new RecentSet<>(KNOWN_PER_PEER));
    }
    subscriptions.add(network.onReceive(CHANNEL, this::received));
  }

  /**
   * Sends {@code tx}, which the local mempool admitted, to every peer not known to have it; returns
   * to how many it was queued.
   */
  public int announce(byte[] tx) {
    ByteBuffer key = key(tx);
    seen.add(key);
    return sendOn(tx, key, null);
  }

  /** Transactions from peers the mempool admitted. */
  public long admitted() {
    return admitted.get();
  }

  /** Transactions from peers the mempool refused (duplicates included). */
  public long refused() {
    return refused.get();
  }

  /** Transactions from peers dropped as seen recently, before the mempool. */
  public long duplicates() {
    return duplicates.get();
  }

  /** Copies sent on to peers other than the one a transaction came from. */
  public long relayed() {
    return relayed.get();
  }

  /** Transactions dropped because too many were waiting to be checked. */
  public long overflow() {
    return overflow.get();
  }

  private void received(NodeId from, byte[] tx) {
    ByteBuffer key = key(tx);
    RecentSet<ByteBuffer> peerKnows = known.get(from);
    if (peerKnows != null) {
      peerKnows.add(key);
    }
    if (!seen.add(key)) {
      duplicates.incrementAndGet();
      return;
    }
    if (queued.incrementAndGet() > MAX_QUEUED
        || queuedBytes.addAndGet(tx.length) > MAX_QUEUED_BYTES) {
      queued.decrementAndGet();
      queuedBytes.addAndGet(-tx.length);
      seen.remove(key);
      overflow.incrementAndGet();
      log.debug("tx gossip: check queue full, dropping tx {} from {}", hex(key), from);
      return;
    }
    try {
      checker.execute(() -> {
        try {
          check(from, tx, key);
        } catch (RuntimeException e) {
          log.warn("tx gossip: checking tx {} from {} failed", hex(key), from, e);
        } finally {
          queued.decrementAndGet();
          queuedBytes.addAndGet(-tx.length);
        }
      });
    } catch (RejectedExecutionException e) {
      queued.decrementAndGet();
      queuedBytes.addAndGet(-tx.length);
    }
  }

  private void check(NodeId from, byte[] tx, ByteBuffer key) {
    if (closed) {
      return;
    }
    CheckTxResult result = mempool.add(tx);
    if (result.isOk()) {
      admitted.incrementAndGet();
      sendOn(tx, key, from);
      return;
    }
    refused.incrementAndGet();
    if (invalidEverywhere(result)) {
      network.penalize(
          from,
          INVALID_TX_PENALTY,
          "invalid tx "
              + hex(key)
              + ": "
              + result.codespace()
              + " code "
              + result.code()
              + ": "
              + result.log());
    } else {
      log.debug(
          "tx gossip: tx {} from {} not admitted: {} code {}: {}",
          hex(key),
          from,
          result.codespace(),
          result.code(),
          result.log());
    }
  }

  /**
   * Whether no honest node could have admitted a transaction refused with {@code result}: a
   * duplicate, a full mempool, a taken or stale sequence, a fee or a balance depend on the node's
   * state and cost nothing.
   */
  static boolean invalidEverywhere(CheckTxResult result) {
    if (Mempool.CODESPACE.equals(result.codespace())) {
      return result.code() == Mempool.CODE_TOO_LARGE;
    }
    return Codes.CODESPACE.equals(result.codespace()) && STATELESS_REFUSALS.contains(result.code());
  }

  /** Sends {@code tx} to the connected peers not known to have it, except {@code from}. */
  private int sendOn(byte[] tx, ByteBuffer key, NodeId from) {
    int sent = 0;
    for (PeerInfo p : network.peers()) {
      if (p.id().equals(from)) {
        continue;
      }
      RecentSet<ByteBuffer> peerKnows =
          known.computeIfAbsent(p.id(), id -> new RecentSet<>(KNOWN_PER_PEER));
      if (peerKnows.add(key) && network.send(p.id(), CHANNEL, tx)) {
        sent++;
      }
    }
    if (from != null) {
      relayed.addAndGet(sent);
    }
    return sent;
  }

  private static ByteBuffer key(byte[] tx) {
    return ByteBuffer.wrap(Hashes.sha256(tx));
  }

  private static String hex(ByteBuffer key) {
    byte[] bytes = new byte[key.remaining()];
    key.duplicate().get(bytes);
    return HEX.formatHex(bytes);
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    Reactors.stop("tx gossip", subscriptions, checker, log);
  }
}
