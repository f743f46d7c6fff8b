package io.lattice.node.metrics;

import io.lattice.p2p.ChannelDescriptor;
import io.lattice.p2p.NodeId;
import io.lattice.p2p.PeerInfo;
import io.lattice.p2p.PeerStats;
import io.lattice.p2p.peer.Switch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * P2P traffic as monotonic totals. The switch counts bytes per connection (framing included) and
 * forgets them when the connection closes; this adds up each connected peer's growth since the
 * previous {@link #poll}, so the totals only grow (bytes a peer exchanged between the last poll and
 * its disconnect are not counted). Received messages are also counted per channel (payload bytes)
 * by a handler on every declared channel, and sent ones as the switch counts them when queued.
 */
final class PeerTraffic implements AutoCloseable {
  private final Switch network;
  private final Map<NodeId, PeerStats> lastSeen = new HashMap<>();
  private final Map<String, LongAdder> channelBytes = new HashMap<>();
  private final Map<String, LongAdder> channelMessages = new HashMap<>();
  private final List<AutoCloseable> handlers = new ArrayList<>();
  private long sentBytes;
  private long receivedBytes;

  PeerTraffic(Switch network) {
    this.network = network;
    for (ChannelDescriptor c : network.config().channels()) {
      LongAdder bytes = new LongAdder();
      LongAdder messages = new LongAdder();
      channelBytes.put(c.name(), bytes);
      channelMessages.put(c.name(), messages);
      handlers.add(
          network.onReceive(
              c.id(),
              (peer, message) -> {
                bytes.add(message.length);
                messages.increment();
              }));
    }
  }

  /** Channel names, in the configuration's order. */
  List<String> channels() {
    return network.config().channels().stream().map(ChannelDescriptor::name).toList();
  }

  long channelReceivedBytes(String channel) {
    return channelBytes.get(channel).sum();
  }

  long channelReceivedMessages(String channel) {
    return channelMessages.get(channel).sum();
  }

  long channelSentBytes(String channel) {
    return network.channelSentBytes(channelId(channel));
  }

  long channelSentMessages(String channel) {
    return network.channelSentMessages(channelId(channel));
  }

  private int channelId(String channel) {
    for (ChannelDescriptor c : network.config().channels()) {
      if (c.name().equals(channel)) {
        return c.id();
      }
    }
    throw new IllegalArgumentException("no channel " + channel);
  }

  synchronized long sentBytes() {
    poll();
    return sentBytes;
  }

  synchronized long receivedBytes() {
    poll();
    return receivedBytes;
  }

  long peers(boolean outbound) {
    return network.peers().stream().filter(p -> p.outbound() == outbound).count();
  }

  private void poll() {
    Set<NodeId> connected = new HashSet<>();
    for (PeerInfo peer : network.peers()) {
      connected.add(peer.id());
      network
          .stats(peer.id())
          .ifPresent(now -> {
            PeerStats before = lastSeen.put(peer.id(), now);
            sentBytes += growth(before == null ? 0 : before.sentBytes(), now.sentBytes());
            receivedBytes +=
                growth(before == null ? 0 : before.receivedBytes(), now.receivedBytes());
          });
    }
    lastSeen.keySet().retainAll(connected);
  }

  /** A counter lower than before belongs to a new connection of the same peer. */
  private static long growth(long before, long now) {
    return now >= before ? now - before : now;
  }

  @Override
  public void close() throws Exception {
    for (AutoCloseable h : handlers) {
      h.close();
    }
  }
}
