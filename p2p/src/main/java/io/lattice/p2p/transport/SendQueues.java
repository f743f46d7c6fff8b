package io.lattice.p2p.transport;

import io.lattice.p2p.ChannelDescriptor;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-peer outgoing messages, one bounded queue per channel, cut into chunks for framing. The
 * next chunk comes from the channel with the least recently-sent bytes per unit of priority (so
 * bandwidth splits by priority and a large block-sync message cannot hold back a vote for longer
 * than one chunk). A chunk's plaintext is {@code channel id (1) ‖ flags (1, bit 0 = last chunk of
 * the message) ‖ data}. Thread-safe.
 */
final class SendQueues {
  static final int HEADER_BYTES = 2;
  static final int FLAG_LAST = 1;
  private static final double DECAY = 0.99;

  private static final class Lane {
    final ChannelDescriptor channel;
    final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    byte[] current;
    int offset;
    double recent;

    Lane(ChannelDescriptor channel) {
      this.channel = channel;
    }

    boolean hasData() {
      return current != null || !queue.isEmpty();
    }

    int size() {
      return queue.size() + (current == null ? 0 : 1);
    }
  }

  private final Map<Integer, Lane> lanes = new HashMap<>();
  private final Lane[] order;

  SendQueues(List<ChannelDescriptor> channels) {
    order = new Lane[channels.size()];
    int i = 0;
    for (ChannelDescriptor c : channels) {
      Lane lane = new Lane(c);
      lanes.put(c.id(), lane);
      order[i++] = lane;
    }
  }

  /**
   * Queues a message; false when the channel's queue is full.
   *
   * @throws IllegalArgumentException for an undeclared channel or a message above its maximum
   */
  synchronized boolean offer(int channelId, byte[] message) {
    Lane lane = lanes.get(channelId);
    if (lane == null) {
      throw new IllegalArgumentException(
          "channel 0x" + Integer.toHexString(channelId) + " is not declared");
    }
    if (message.length > lane.channel.maxMessageBytes()) {
      throw new IllegalArgumentException(
          "message of "
              + message.length
              + " bytes exceeds channel "
              + lane.channel
              + "'s maximum of "
              + lane.channel.maxMessageBytes());
    }
    if (lane.size() >= lane.channel.sendQueueCapacity()) {
      return false;
    }
    lane.queue.addLast(message);
    return true;
  }

  synchronized boolean isEmpty() {
    for (Lane lane : order) {
      if (lane.hasData()) {
        return false;
      }
    }
    return true;
  }

  synchronized int queued(int channelId) {
    Lane lane = lanes.get(channelId);
    return lane == null ? 0 : lane.size();
  }

  /** The plaintext of the next chunk, at most {@code maxData} data bytes, or null when idle. */
  synchronized byte[] nextChunk(int maxData) {
    Lane best = null;
    for (Lane lane : order) {
      if (lane.hasData()
          && (best == null
              || lane.recent / lane.channel.priority() < best.recent / best.channel.priority())) {
        best = lane;
      }
    }
    if (best == null) {
      return null;
    }
    if (best.current == null) {
      best.current = best.queue.pollFirst();
      best.offset = 0;
    }
    int n = Math.min(maxData, best.current.length - best.offset);
    boolean last = best.offset + n == best.current.length;
    byte[] chunk = new byte[HEADER_BYTES + n];
    chunk[0] = (byte) best.channel.id();
    chunk[1] = (byte) (last ? FLAG_LAST : 0);
    System.arraycopy(best.current, best.offset, chunk, HEADER_BYTES, n);
    best.offset += n;
    if (last) {
      best.current = null;
    }
    for (Lane lane : order) {
      lane.recent *= DECAY;
    }
    best.recent += chunk.length;
    return chunk;
  }
}
