package io.lattice.p2p.transport;

import io.lattice.p2p.ChannelDescriptor;
import io.lattice.p2p.NodeId;
import io.lattice.p2p.P2pConfig;
import io.lattice.p2p.PeerAddress;
import io.lattice.p2p.PeerConnectionException;
import io.lattice.p2p.PeerInfo;
import io.lattice.p2p.PeerStats;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.BadPaddingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One peer connection, the last handler of its Netty pipeline (after {@link FrameDecoder}): runs
 * the Noise XX handshake, then encrypts and decrypts frames, reassembles channel messages, applies
 * the per-peer rate limits and reports misbehaviour. Every close carries a reason, which is logged
 * and passed to {@link ConnectionEvents#closed}; the first reason wins.
 *
 * <p>Noise XX authenticates the initiator last, so the responder's first transport frame is a
 * control frame with its verdict: accepted, or refused with a reason (banned, duplicate, ...). The
 * initiator opens the connection only on an acceptance. An open connection that has sent nothing
 * for {@link P2pConfig#keepAliveInterval()} sends a keep-alive control frame; one that has received
 * nothing for {@link P2pConfig#idleTimeout()} is closed.
 *
 * <p>Protocol violations after the handshake (a frame that does not decrypt, an unknown channel,
 * malformed chunk flags, an oversize frame or message) close the connection and cost three quarters
 * of the ban score; the switch keeps the score per node id (decaying by a point per second), so a
 * peer that does it twice within a quarter of the ban score in seconds is banned.
 */
public final class Connection extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(Connection.class);

  /** Chunk flag: a control frame (the responder's verdict), not channel data. */
  static final int FLAG_CONTROL = 2;

  static final byte CONTROL_ACCEPT = 1;
  static final byte CONTROL_REFUSE = 2;
  static final byte CONTROL_KEEPALIVE = 3;
  private static final int MAX_REASON_BYTES = 512;

  /** The share of the ban score a protocol violation costs. */
  static final double VIOLATION_SHARE = 0.75;

  private final P2pConfig config;
  private final ConnectionEvents events;
  private final NoiseHandshake handshake;
  private final boolean outbound;
  private final Optional<PeerAddress> dialled;
  private final SendQueues queues;
  private final TokenBucket receiveBytes;
  private final TokenBucket receiveMessages;
  private final TokenBucket sendBytes;
  private final CompletableFuture<Connection> opened = new CompletableFuture<>();
  private final AtomicBoolean flushScheduled = new AtomicBoolean();
  private final AtomicReference<String> closeReason = new AtomicReference<>();
  private final Map<Integer, ByteArrayOutputStream> partial = new HashMap<>();

  /**
   * Bytes of unfinished messages over all channels, bounded by the largest channel maximum so that
   * interleaving chunks on every channel does not multiply the memory a peer can pin.
   */
  private long partialBytes;

  private final long maxPartialBytes;

  private final AtomicLong sentMessages = new AtomicLong();
  private final AtomicLong sentBytes = new AtomicLong();
  private final AtomicLong receivedMessages = new AtomicLong();
  private final AtomicLong receivedBytes = new AtomicLong();
  private final AtomicLong sendRefused = new AtomicLong();
  private final AtomicLong rateLimited = new AtomicLong();
  private final AtomicLong readPauses = new AtomicLong();

  private volatile Channel channel;
  private volatile SecureSession session;
  private volatile boolean open;
  private ScheduledFuture<?> handshakeTimer;
  private boolean awaitingVerdict;

  private Connection(
      P2pConfig config,
      ConnectionEvents events,
      NoiseHandshake handshake,
      boolean outbound,
      Optional<PeerAddress> dialled) {
    this.config = config;
    this.events = events;
    this.handshake = handshake;
    this.outbound = outbound;
    this.dialled = dialled;
    this.queues = new SendQueues(config.channels());
    this.maxPartialBytes =
        config.channels().stream().mapToLong(ChannelDescriptor::maxMessageBytes).max().orElse(0);
    this.receiveBytes =
        new TokenBucket(
            config.receiveBytesPerSecond(), config.receiveBytesPerSecond(), System::nanoTime);
    this.receiveMessages =
        new TokenBucket(
            config.receiveMessagesPerSecond(), config.receiveMessagesPerSecond(), System::nanoTime);
    this.sendBytes =
        new TokenBucket(config.sendBytesPerSecond(), config.sendBytesPerSecond(), System::nanoTime);
  }

  /** The handler of a connection this node dials; the peer must prove to be {@code address.id}. */
  public static Connection outbound(
      P2pConfig config, ConnectionEvents events, LocalIdentity local, PeerAddress address) {
    return new Connection(
        config,
        events,
        NoiseHandshake.initiator(local, config.networkId(), Optional.of(address.id())),
        true,
        Optional.of(address));
  }

  public static Connection inbound(P2pConfig config, ConnectionEvents events, LocalIdentity local) {
    return new Connection(
        config,
        events,
        NoiseHandshake.responder(local, config.networkId()),
        false,
        Optional.empty());
  }

  /**
   * The handlers of a connection's pipeline, in order: idle detection, framing, this connection.
   */
  public io.netty.channel.ChannelHandler[] pipeline() {
    return new io.netty.channel.ChannelHandler[] {
      new IdleStateHandler(
          config.idleTimeout().toMillis(),
          config.keepAliveInterval().toMillis(),
          0,
          TimeUnit.MILLISECONDS),
      new FrameDecoder(config.maxFrameBytes()),
      this
    };
  }

  /** Completes when the handshake succeeded and the switch accepted the peer. */
  public CompletableFuture<Connection> opened() {
    return opened;
  }

  public boolean isOpen() {
    return open;
  }

  public boolean outbound() {
    return outbound;
  }

  /** The address this node dialled (outbound connections only). */
  public Optional<PeerAddress> dialled() {
    return dialled;
  }

  /** The authenticated peer; only after the handshake. */
  public NodeId remoteId() {
    SecureSession s = session;
    if (s == null) {
      throw new IllegalStateException("peer not authenticated yet");
    }
    return s.remoteId();
  }

  public InetSocketAddress remoteAddress() {
    return (InetSocketAddress) channel.remoteAddress();
  }

  public PeerInfo info() {
    return new PeerInfo(remoteId(), remoteAddress(), outbound);
  }

  /** The counters, with the peer's current misbehaviour points as the switch keeps them. */
  public PeerStats stats(double misbehaviour) {
    return new PeerStats(
        sentMessages.get(),
        sentBytes.get(),
        receivedMessages.get(),
        receivedBytes.get(),
        sendRefused.get(),
        rateLimited.get(),
        readPauses.get(),
        misbehaviour);
  }

  private String who() {
    SecureSession s = session;
    Channel c = channel;
    String addr = c == null ? "?" : String.valueOf(c.remoteAddress());
    return (s == null ? "" : s.remoteId() + "@") + addr + (outbound ? " (out)" : " (in)");
  }

  /**
   * Queues {@code message} on {@code channelId}; false (and counted) when that channel's queue is
   * full. Any thread.
   *
   * @throws IllegalArgumentException for an undeclared channel or an oversize message
   */
  public boolean send(int channelId, byte[] message) {
    if (!queues.offer(channelId, message)) {
      sendRefused.incrementAndGet();
      return false;
    }
    scheduleFlush();
    return true;
  }

  /** Messages waiting on {@code channelId}. */
  public int queued(int channelId) {
    return queues.queued(channelId);
  }

  /** Closes the connection, logging {@code reason}; the first reason given wins. Any thread. */
  public void close(String reason) {
    if (closeReason.compareAndSet(null, reason)) {
      log.info("p2p: closing {}: {}", who(), reason);
    }
    Channel c = channel;
    if (c != null) {
      var unused = c.close();
    }
  }

  /** Reports misbehaviour to the switch, which keeps the score per node id. Any thread. */
  public void penalize(double points, String reason) {
    if (session != null) {
      events.penalized(this, points, reason);
    }
  }

  private void violation(String reason) {
    penalize(config.banScore() * VIOLATION_SHARE, reason);
    close(reason);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    channel = ctx.channel();
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    handshakeTimer =
        ctx.executor()
            .schedule(
                () -> close("handshake not complete within " + config.handshakeTimeout()),
                config.handshakeTimeout().toNanos(),
                TimeUnit.NANOSECONDS);
    if (handshake.wantsToWrite()) {
      try {
        var unused = writeRaw(handshake.write());
      } catch (HandshakeException e) {
        close(e.getMessage());
      }
    }
    super.channelActive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    byte[] frame = (byte[]) msg;
    if (closeReason.get() != null) {
      return;
    }
    if (session == null) {
      handshakeStep(frame);
    } else {
      transportFrame(frame);
    }
  }

  private void handshakeStep(byte[] frame) {
    try {
      handshake.read(frame);
      if (handshake.wantsToWrite()) {
        var unused = writeRaw(handshake.write());
      }
      if (!handshake.complete()) {
        return;
      }
      session = handshake.split();
    } catch (HandshakeException e) {
      close(e.getMessage());
      return;
    }
    if (outbound) {
      // the responder authenticates us last; wait for its verdict before opening
      awaitingVerdict = true;
      return;
    }
    Optional<String> refused = events.authenticated(this);
    if (refused.isPresent()) {
      String reason = refused.get();
      closeReason.compareAndSet(null, reason);
      log.info("p2p: refusing {}: {}", who(), reason);
      var unused = writeControl(CONTROL_REFUSE, reason).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    var unused = writeControl(CONTROL_ACCEPT, "");
    becomeOpen();
  }

  private void becomeOpen() {
    handshakeTimer.cancel(false);
    open = true;
    log.debug("p2p: connected {}", who());
    opened.complete(this);
    events.opened(this);
    flush();
  }

  private ChannelFuture writeControl(byte type, String reason) {
    byte[] text = reason.getBytes(StandardCharsets.UTF_8);
    byte[] plain = new byte[SendQueues.HEADER_BYTES + 1 + Math.min(text.length, MAX_REASON_BYTES)];
    plain[0] = 0;
    plain[1] = (byte) (SendQueues.FLAG_LAST | FLAG_CONTROL);
    plain[2] = type;
    System.arraycopy(text, 0, plain, 3, plain.length - 3);
    return writeRaw(session.encrypt(plain));
  }

  /** The responder's first transport frame: whether it accepted us. */
  private void verdict(byte[] plain) {
    if (open
        && plain.length == SendQueues.HEADER_BYTES + 1
        && plain[SendQueues.HEADER_BYTES] == CONTROL_KEEPALIVE) {
      return;
    }
    if (!awaitingVerdict || plain.length < SendQueues.HEADER_BYTES + 1) {
      violation("unexpected control frame");
      return;
    }
    awaitingVerdict = false;
    byte type = plain[SendQueues.HEADER_BYTES];
    String text =
        new String(
            plain,
            SendQueues.HEADER_BYTES + 1,
            Math.min(plain.length - SendQueues.HEADER_BYTES - 1, MAX_REASON_BYTES),
            StandardCharsets.UTF_8);
    if (type == CONTROL_REFUSE) {
      close("refused by " + session.remoteId() + ": " + text);
      return;
    }
    if (type != CONTROL_ACCEPT) {
      violation("unknown control frame type " + type);
      return;
    }
    Optional<String> refused = events.authenticated(this);
    if (refused.isPresent()) {
      close(refused.get());
      return;
    }
    becomeOpen();
  }

  private void transportFrame(byte[] frame) {
    int wireBytes = frame.length + FrameDecoder.HEADER_BYTES;
    receivedBytes.addAndGet(wireBytes);
    long wait = receiveBytes.take(wireBytes);
    Channel c = channel;
    if (wait > 0 && c.config().isAutoRead()) {
      c.config().setAutoRead(false);
      readPauses.incrementAndGet();
      var unused =
          c.eventLoop().schedule(() -> c.config().setAutoRead(true), wait, TimeUnit.NANOSECONDS);
    }
    byte[] plain;
    try {
      plain = session.decrypt(frame);
    } catch (BadPaddingException e) {
      violation("frame does not decrypt: " + e.getMessage());
      return;
    }
    if (plain.length < SendQueues.HEADER_BYTES
        || (plain[1] & ~(SendQueues.FLAG_LAST | FLAG_CONTROL)) != 0) {
      violation("malformed chunk header");
      return;
    }
    if ((plain[1] & FLAG_CONTROL) != 0) {
      verdict(plain);
      return;
    }
    if (awaitingVerdict) {
      violation("data before the responder's verdict");
      return;
    }
    int channelId = plain[0] & 0xff;
    Optional<ChannelDescriptor> descriptor = config.channel(channelId);
    if (descriptor.isEmpty()) {
      violation("message on undeclared channel 0x" + Integer.toHexString(channelId));
      return;
    }
    ByteArrayOutputStream buffer =
        partial.computeIfAbsent(channelId, k -> new ByteArrayOutputStream());
    int data = plain.length - SendQueues.HEADER_BYTES;
    if ((long) buffer.size() + data > descriptor.get().maxMessageBytes()) {
      violation(
          "message on channel "
              + descriptor.get()
              + " exceeds its maximum of "
              + descriptor.get().maxMessageBytes()
              + " bytes");
      return;
    }
    if (partialBytes + data > maxPartialBytes) {
      violation(
          "unfinished messages on several channels exceed " + maxPartialBytes + " bytes together");
      return;
    }
    buffer.write(plain, SendQueues.HEADER_BYTES, data);
    partialBytes += data;
    if ((plain[1] & SendQueues.FLAG_LAST) == 0) {
      return;
    }
    partial.remove(channelId);
    partialBytes -= buffer.size();
    receivedMessages.incrementAndGet();
    if (!receiveMessages.tryTake(1)) {
      rateLimited.incrementAndGet();
      penalize(1, "sent more than " + config.receiveMessagesPerSecond() + " messages per second");
      return;
    }
    events.received(this, channelId, buffer.toByteArray());
  }

  private ChannelFuture writeRaw(byte[] body) {
    Channel c = channel;
    ByteBuf buf = c.alloc().buffer(FrameDecoder.HEADER_BYTES + body.length);
    buf.writeInt(body.length).writeBytes(body);
    return c.writeAndFlush(buf);
  }

  private void scheduleFlush() {
    Channel c = channel;
    if (c != null && open && flushScheduled.compareAndSet(false, true)) {
      try {
        c.eventLoop().execute(this::flush);
      } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
        // the switch is closing: the connection goes with it, queued messages are dropped
        flushScheduled.set(false);
      }
    }
  }

  /** Writes queued chunks while the socket accepts them and the send rate allows. Event loop. */
  private void flush() {
    flushScheduled.set(false);
    Channel c = channel;
    if (!open || !c.isActive()) {
      return;
    }
    int maxData = config.maxFrameBytes() - session.overhead() - SendQueues.HEADER_BYTES;
    boolean wrote = false;
    while (c.isWritable()) {
      long wait = sendBytes.nanosUntilAvailable();
      if (wait > 0) {
        if (flushScheduled.compareAndSet(false, true)) {
          var unused = c.eventLoop().schedule(this::flush, wait, TimeUnit.NANOSECONDS);
        }
        break;
      }
      byte[] chunk = queues.nextChunk(maxData);
      if (chunk == null) {
        break;
      }
      byte[] ciphertext = session.encrypt(chunk);
      ByteBuf buf = c.alloc().buffer(FrameDecoder.HEADER_BYTES + ciphertext.length);
      buf.writeInt(ciphertext.length).writeBytes(ciphertext);
      var unused = c.write(buf);
      int wireBytes = FrameDecoder.HEADER_BYTES + ciphertext.length;
      sendBytes.take(wireBytes);
      sentBytes.addAndGet(wireBytes);
      if ((chunk[1] & SendQueues.FLAG_LAST) != 0) {
        sentMessages.incrementAndGet();
      }
      wrote = true;
    }
    if (wrote) {
      c.flush();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    if (ctx.channel().isWritable()) {
      flush();
    }
    super.channelWritabilityChanged(ctx);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof IdleStateEvent idle) {
      if (idle.state() == IdleState.READER_IDLE) {
        close("no frame received for " + config.idleTimeout());
      } else if (idle.state() == IdleState.WRITER_IDLE && open) {
        var unused = writeControl(CONTROL_KEEPALIVE, "");
      }
      return;
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof CorruptedFrameException && session != null) {
      violation(cause.getMessage());
    } else if (cause instanceof CorruptedFrameException) {
      close(cause.getMessage());
    } else {
      close("I/O error: " + cause);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (handshakeTimer != null) {
      handshakeTimer.cancel(false);
    }
    closeReason.compareAndSet(null, "connection closed by the other end");
    String reason = closeReason.get();
    boolean wasOpen = open;
    open = false;
    if (!wasOpen) {
      log.info("p2p: connection {} ended before it opened: {}", who(), reason);
    }
    opened.completeExceptionally(new PeerConnectionException(reason));
    events.closed(this, reason, wasOpen);
    super.channelInactive(ctx);
  }
}
