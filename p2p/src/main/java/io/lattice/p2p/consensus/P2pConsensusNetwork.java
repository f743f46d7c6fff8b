package io.lattice.p2p.consensus;

import com.google.protobuf.InvalidProtocolBufferException;
import io.lattice.consensus.tendermint.ConsensusNetwork;
import io.lattice.crypto.Hashes;
import io.lattice.p2p.ChannelDescriptor;
import io.lattice.p2p.NodeId;
import io.lattice.p2p.PeerInfo;
import io.lattice.p2p.PeerListener;
import io.lattice.p2p.RecentSet;
import io.lattice.p2p.peer.Switch;
import io.lattice.proto.consensus.v1.ConsensusMessage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ConsensusNetwork} over a {@link Switch}, on the {@link ChannelDescriptor#CONSENSUS}
 * channel. Flooding gossip: a message (the protobuf encoding of a {@link ConsensusMessage}) is
 * identified by the SHA-256 of its bytes; the first time one is seen it is handed to the receivers
 * and relayed, unchanged, to every connected peer not known to have it (a peer is known to have a
 * message it sent us or we sent it). A message seen before is dropped before it is parsed, so the
 * engine never receives, and never verifies, the same message twice. Undecodable messages cost the
 * sender misbehaviour points.
 *
 * <p>Relaying happens before the engine verifies the message (the engine does not report back), so
 * an invalid message is relayed once per link; the per-peer rate limits bound that. Messages that
 * arrive before the first receiver registers are kept (up to {@value #BACKLOG} of them) and handed
 * to it, as a TCP connection buffers what arrives before its reader starts.
 */
public final class P2pConsensusNetwork implements ConsensusNetwork, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(P2pConsensusNetwork.class);
  static final int CHANNEL = ChannelDescriptor.CONSENSUS.id();
  static final int BACKLOG = 10_000;
  static final int SEEN = 200_000;
  static final int KNOWN_PER_PEER = 50_000;
  static final double UNDECODABLE_PENALTY = 10;

  private final Switch network;
  private final RecentSet<ByteBuffer> seen = new RecentSet<>(SEEN);
  private final Map<NodeId, RecentSet<ByteBuffer>> known = new ConcurrentHashMap<>();
  private final List<Receiver> receivers = new ArrayList<>();
  private final List<Delivery> backlog = new ArrayList<>();
  private boolean listened;
  private final AutoCloseable handler;
  private final AutoCloseable listener;
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong relayed = new AtomicLong();

  private record Delivery(String from, ConsensusMessage message) {}

  public P2pConsensusNetwork(Switch network) {
    this.network = network;
    this.handler = network.onReceive(CHANNEL, this::received);
    this.listener =
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
            });
  }

  @Override
  public void broadcast(ConsensusMessage message) {
    byte[] bytes = message.toByteArray();
    ByteBuffer key = key(bytes);
    seen.add(key);
    for (PeerInfo p : network.peers()) {
      if (knownBy(p.id()).add(key)) {
        network.send(p.id(), CHANNEL, bytes);
      }
    }
  }

  private void received(NodeId from, byte[] bytes) {
    ByteBuffer key = key(bytes);
    knownBy(from).add(key);
    if (!seen.add(key)) {
      duplicates.incrementAndGet();
      return;
    }
    ConsensusMessage message;
    try {
      message = ConsensusMessage.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      network.penalize(from, UNDECODABLE_PENALTY, "undecodable consensus message");
      return;
    }
    for (PeerInfo p : network.peers()) {
      if (!p.id().equals(from)
          && knownBy(p.id()).add(key)
          && network.send(p.id(), CHANNEL, bytes)) {
        relayed.incrementAndGet();
      }
    }
    deliver(from.hex(), message);
  }

  private void deliver(String from, ConsensusMessage message) {
    List<Receiver> now;
    synchronized (this) {
      if (!listened) {
        if (backlog.size() < BACKLOG) {
          backlog.add(new Delivery(from, message));
        } else {
          log.warn("p2p consensus: backlog full, dropping a message from {}", from);
        }
        return;
      }
      now = List.copyOf(receivers);
    }
    delivered.incrementAndGet();
    for (Receiver r : now) {
      r.received(from, message);
    }
  }

  private RecentSet<ByteBuffer> knownBy(NodeId peer) {
    return known.computeIfAbsent(peer, p -> new RecentSet<>(KNOWN_PER_PEER));
  }

  private static ByteBuffer key(byte[] bytes) {
    return ByteBuffer.wrap(Hashes.sha256(bytes));
  }

  @Override
  public AutoCloseable onMessage(Receiver receiver) {
    synchronized (this) {
      receivers.add(receiver);
      listened = true;
      // hand over the backlog under the lock, so it reaches the receiver before later messages
      for (Delivery d : backlog) {
        delivered.incrementAndGet();
        receiver.received(d.from(), d.message());
      }
      backlog.clear();
    }
    return () -> {
      synchronized (this) {
        receivers.remove(receiver);
      }
    };
  }

  /** Messages handed to the receivers. */
  public long delivered() {
    return delivered.get();
  }

  /** Messages dropped because they had been seen before. */
  public long duplicates() {
    return duplicates.get();
  }

  /** Copies sent on to peers other than the one a message came from. */
  public long relayed() {
    return relayed.get();
  }

  @Override
  public void close() throws Exception {
    handler.close();
    listener.close();
  }
}
