package io.lattice.p2p;

import java.util.List;

/**
 * One multiplexed stream of messages between two peers. Both ends must declare the same channels: a
 * frame for an undeclared channel ends the connection.
 *
 * @param id the byte on the wire, 0..255
 * @param name for logs
 * @param priority relative share of the send bandwidth when several channels have data (≥ 1); a
 *     channel with priority 10 gets ten times the bytes of one with priority 1
 * @param sendQueueCapacity messages queued per peer before {@code send} refuses more
 * @param maxMessageBytes largest message; a peer sending a larger one is disconnected
 */
public record ChannelDescriptor(
    int id, String name, int priority, int sendQueueCapacity, int maxMessageBytes) {
  private static final int MIB = 1 << 20;

  /** Peer exchange and discovery (reserved; no reactor uses it yet). */
  public static final ChannelDescriptor DISCOVERY =
      new ChannelDescriptor(0x00, "discovery", 1, 100, 64 * 1024);

  public static final ChannelDescriptor CONSENSUS =
      new ChannelDescriptor(0x20, "consensus", 10, 10_000, 8 * MIB);
  public static final ChannelDescriptor MEMPOOL =
      new ChannelDescriptor(0x30, "mempool", 5, 5_000, MIB);
  public static final ChannelDescriptor EVIDENCE =
      new ChannelDescriptor(0x38, "evidence", 6, 1_000, MIB);
  public static final ChannelDescriptor BLOCK_SYNC =
      new ChannelDescriptor(0x40, "block-sync", 5, 1_000, 16 * MIB);
  public static final ChannelDescriptor STATE_SYNC =
      new ChannelDescriptor(0x60, "state-sync", 3, 100, 16 * MIB);
  public static final ChannelDescriptor CHAT_GOSSIP =
      new ChannelDescriptor(0x70, "chat-gossip", 1, 5_000, 64 * 1024);

  public ChannelDescriptor {
    if (id < 0 || id > 255) {
      throw new IllegalArgumentException("channel id must be 0..255, got " + id);
    }
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("channel 0x" + Integer.toHexString(id) + " needs a name");
    }
    if (priority < 1) {
      throw new IllegalArgumentException("channel " + name + ": priority must be >= 1");
    }
    if (sendQueueCapacity < 1) {
      throw new IllegalArgumentException("channel " + name + ": send queue capacity must be >= 1");
    }
    if (maxMessageBytes < 1) {
      throw new IllegalArgumentException("channel " + name + ": max message bytes must be >= 1");
    }
  }

  /** The channels every Lattice node declares. */
  public static List<ChannelDescriptor> standard() {
    return List.of(DISCOVERY, CONSENSUS, MEMPOOL, EVIDENCE, BLOCK_SYNC, STATE_SYNC, CHAT_GOSSIP);
  }

  @Override
  public String toString() {
    return name + "(0x" + Integer.toHexString(id) + ")";
  }
}
