package io.lattice.p2p;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Settings of one {@link io.lattice.p2p.peer.Switch}. Build with {@link #builder()}; every field
 * has a default that suits a node on the public network.
 *
 * @param networkId mixed into the Noise prologue: nodes of different networks fail the handshake
 * @param listen where to accept connections (port 0 picks a free one)
 * @param maxFrameBytes largest encrypted frame on the wire (at most 65,535, the Noise limit); a
 *     longer length prefix ends the connection
 * @param handshakeTimeout a connection that has not authenticated by then is closed
 * @param keepAliveInterval after this long without sending, a keep-alive frame is sent
 * @param idleTimeout after this long without receiving any frame, the connection is closed (must
 *     exceed the peers' keep-alive interval)
 * @param dialTimeout TCP connect timeout
 * @param maxInbound most inbound connections (authenticated or handshaking)
 * @param maxInboundPerGroup most inbound connections from one address group (IPv4 /16, IPv6 /32)
 * @param receiveBytesPerSecond per peer; above it reading pauses (TCP pushes back on the sender)
 * @param receiveMessagesPerSecond per peer; above it messages are dropped and the peer penalised
 * @param sendBytesPerSecond per peer; above it the writer waits
 * @param banScore misbehaviour points at which a peer is banned
 * @param banDuration how long a ban lasts
 * @param redialMin first delay before redialling a persistent peer; doubles per failure
 * @param redialMax largest redial delay
 * @param persistentPeers dialled at start and redialled whenever they drop
 * @param seeds dialled at start until each has connected once
 * @param anchorDirectory where the outbound peers are remembered across restarts (none: not kept)
 * @param maxAnchors how many outbound peers to remember
 * @param channels the channels this node speaks (ids unique)
 * @param ioThreads network threads
 */
public record P2pConfig(
    String networkId,
    InetSocketAddress listen,
    int maxFrameBytes,
    Duration handshakeTimeout,
    Duration keepAliveInterval,
    Duration idleTimeout,
    Duration dialTimeout,
    int maxInbound,
    int maxInboundPerGroup,
    long receiveBytesPerSecond,
    long receiveMessagesPerSecond,
    long sendBytesPerSecond,
    double banScore,
    Duration banDuration,
    Duration redialMin,
    Duration redialMax,
    List<PeerAddress> persistentPeers,
    List<PeerAddress> seeds,
    Optional<Path> anchorDirectory,
    int maxAnchors,
    List<ChannelDescriptor> channels,
    int ioThreads) {
  /** The Noise transport message limit (noiseprotocol.org rev 34, §3). */
  public static final int NOISE_MAX_MESSAGE = 65_535;

  /** A frame must carry at least the AEAD tag and the chunk header plus one byte. */
  public static final int MIN_FRAME_BYTES = 64;

  public P2pConfig {
    if (networkId == null || networkId.isEmpty()) {
      throw new IllegalArgumentException("network id must not be empty");
    }
    if (maxFrameBytes < MIN_FRAME_BYTES || maxFrameBytes > NOISE_MAX_MESSAGE) {
      throw new IllegalArgumentException(
          "max frame bytes must be "
              + MIN_FRAME_BYTES
              + ".."
              + NOISE_MAX_MESSAGE
              + ", got "
              + maxFrameBytes);
    }
    positive("handshake timeout", handshakeTimeout);
    positive("keep-alive interval", keepAliveInterval);
    positive("idle timeout", idleTimeout);
    if (idleTimeout.compareTo(keepAliveInterval) <= 0) {
      throw new IllegalArgumentException("idle timeout must exceed the keep-alive interval");
    }
    positive("dial timeout", dialTimeout);
    positive("ban duration", banDuration);
    positive("redial min", redialMin);
    if (redialMax.compareTo(redialMin) < 0) {
      throw new IllegalArgumentException("redial max must be >= redial min");
    }
    if (maxInbound < 0 || maxInboundPerGroup < 0 || maxAnchors < 0) {
      throw new IllegalArgumentException("peer limits must not be negative");
    }
    if (receiveBytesPerSecond < 1 || receiveMessagesPerSecond < 1 || sendBytesPerSecond < 1) {
      throw new IllegalArgumentException("rate limits must be positive");
    }
    if (!(banScore > 0)) {
      throw new IllegalArgumentException("ban score must be positive, got " + banScore);
    }
    if (ioThreads < 1) {
      throw new IllegalArgumentException("io threads must be >= 1, got " + ioThreads);
    }
    channels = List.copyOf(channels);
    persistentPeers = List.copyOf(persistentPeers);
    seeds = List.copyOf(seeds);
    Set<Integer> ids = new HashSet<>();
    for (ChannelDescriptor c : channels) {
      if (!ids.add(c.id())) {
        throw new IllegalArgumentException(
            "channel id 0x" + Integer.toHexString(c.id()) + " twice");
      }
    }
  }

  private static void positive(String what, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, got " + d);
    }
  }

  public Optional<ChannelDescriptor> channel(int id) {
    return channels.stream().filter(c -> c.id() == id).findFirst();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts from the defaults; each setter replaces one field. */
  public static final class Builder {
    private String networkId = "lattice";
    private InetSocketAddress listen = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private int maxFrameBytes = NOISE_MAX_MESSAGE;
    private Duration handshakeTimeout = Duration.ofSeconds(10);
    private Duration keepAliveInterval = Duration.ofSeconds(10);
    private Duration idleTimeout = Duration.ofSeconds(60);
    private Duration dialTimeout = Duration.ofSeconds(5);
    private int maxInbound = 40;
    private int maxInboundPerGroup = 16;
    private long receiveBytesPerSecond = 20L << 20;
    private long receiveMessagesPerSecond = 5_000;
    private long sendBytesPerSecond = 20L << 20;
    private double banScore = 100;
    private Duration banDuration = Duration.ofMinutes(30);
    private Duration redialMin = Duration.ofMillis(200);
    private Duration redialMax = Duration.ofMinutes(1);
    private List<PeerAddress> persistentPeers = List.of();
    private List<PeerAddress> seeds = List.of();
    private Optional<Path> anchorDirectory = Optional.empty();
    private int maxAnchors = 4;
    private List<ChannelDescriptor> channels = ChannelDescriptor.standard();
    private int ioThreads = 2;

    private Builder() {}

    public Builder networkId(String v) {
      networkId = v;
      return this;
    }

    public Builder listen(InetSocketAddress v) {
      listen = v;
      return this;
    }

    public Builder maxFrameBytes(int v) {
      maxFrameBytes = v;
      return this;
    }

    public Builder handshakeTimeout(Duration v) {
      handshakeTimeout = v;
      return this;
    }

    public Builder keepAlive(Duration interval, Duration idle) {
      keepAliveInterval = interval;
      idleTimeout = idle;
      return this;
    }

    public Builder dialTimeout(Duration v) {
      dialTimeout = v;
      return this;
    }

    public Builder maxInbound(int v) {
      maxInbound = v;
      return this;
    }

    public Builder maxInboundPerGroup(int v) {
      maxInboundPerGroup = v;
      return this;
    }

    public Builder receiveBytesPerSecond(long v) {
      receiveBytesPerSecond = v;
      return this;
    }

    public Builder receiveMessagesPerSecond(long v) {
      receiveMessagesPerSecond = v;
      return this;
    }

    public Builder sendBytesPerSecond(long v) {
      sendBytesPerSecond = v;
      return this;
    }

    public Builder banScore(double v) {
      banScore = v;
      return this;
    }

    public Builder banDuration(Duration v) {
      banDuration = v;
      return this;
    }

    public Builder redial(Duration min, Duration max) {
      redialMin = min;
      redialMax = max;
      return this;
    }

    public Builder persistentPeers(List<PeerAddress> v) {
      persistentPeers = v;
      return this;
    }

    public Builder seeds(List<PeerAddress> v) {
      seeds = v;
      return this;
    }

    public Builder anchorDirectory(Path v) {
      anchorDirectory = Optional.of(v);
      return this;
    }

    public Builder maxAnchors(int v) {
      maxAnchors = v;
      return this;
    }

    public Builder channels(List<ChannelDescriptor> v) {
      channels = v;
      return this;
    }

    public Builder ioThreads(int v) {
      ioThreads = v;
      return this;
    }

    public P2pConfig build() {
      return new P2pConfig(
          networkId,
          listen,
          maxFrameBytes,
          handshakeTimeout,
          keepAliveInterval,
          idleTimeout,
          dialTimeout,
          maxInbound,
          maxInboundPerGroup,
          receiveBytesPerSecond,
          receiveMessagesPerSecond,
          sendBytesPerSecond,
          banScore,
          banDuration,
          redialMin,
          redialMax,
          persistentPeers,
          seeds,
          anchorDirectory,
          maxAnchors,
          channels,
          ioThreads);
    }
  }
}
