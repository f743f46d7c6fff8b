package io.lattice.p2p.peer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lattice.p2p.ChannelDescriptor;
import io.lattice.p2p.NodeId;
import io.lattice.p2p.TestKeys;
import io.lattice.p2p.transport.LocalIdentity;
import io.lattice.p2p.transport.RawPeer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Peers that lie, send garbage, flood or stop reading, against a real switch over TCP: each is
 * disconnected (or throttled, or banned) with a reason, and the switch keeps serving honest peers.
 */
class MisbehaviourTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final int MEMPOOL = ChannelDescriptor.MEMPOOL.id();
  private final Nodes nodes = new Nodes();

  @AfterEach
  void close() {
    nodes.close();
  }

  /** An honest switch can still connect to {@code s} and exchange a message. */
  private void stillServes(Switch s) throws Exception {
    Switch honest = nodes.start(7);
    Nodes.Inbox in = new Nodes.Inbox();
    var unused = s.onReceive(MEMPOOL, in.on(MEMPOOL));
    assertThat(honest.dial(s.selfAddress()).get(10, TimeUnit.SECONDS)).isEqualTo(s.nodeId());
    assertThat(honest.send(s.nodeId(), MEMPOOL, "still here".getBytes(UTF_8))).isTrue();
    await().atMost(WAIT).until(() -> in.texts().contains("still here"));
  }

  private static RawPeer handshaken(Switch s, int key) throws Exception {
    RawPeer raw = RawPeer.connect(s.listenAddress());
    raw.handshake(RawPeer.identity(TestKeys.key(key)), "lattice", Optional.of(s.nodeId()));
    assertThat(raw.readVerdict()).isEqualTo("accepted");
    return raw;
  }

  @Test
  void impersonatorIsRefused() throws Exception {
    Switch b = nodes.start(2);
    Nodes.Events events = new Nodes.Events();
    b.addListener(events);
    try (RawPeer raw = RawPeer.connect(b.listenAddress())) {
      LocalIdentity forged = RawPeer.impersonating(TestKeys.key(3), TestKeys.key(9));
      raw.handshake(forged, "lattice", Optional.of(b.nodeId()));
      assertThat(raw.closedByPeer(WAIT)).isTrue();
    }
    assertThat(events.connected).isEmpty();
    assertThat(b.peers()).isEmpty();
    stillServes(b);
  }

  @Test
  void garbageBeforeTheHandshakeEndsTheConnection() throws Exception {
    Switch b = nodes.start(2);
    byte[] noise = new byte[100];
    new Random(7).nextBytes(noise);
    try (RawPeer raw = RawPeer.connect(b.listenAddress())) {
      raw.sendFrame(noise); // a plausible length, then bytes that are no handshake message
      assertThat(raw.closedByPeer(WAIT)).isTrue();
    }
    try (RawPeer raw = RawPeer.connect(b.listenAddress())) {
      raw.sendRaw("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(UTF_8)); // length 0x47455420
      assertThat(raw.closedByPeer(WAIT)).isTrue();
    }
    assertThat(b.peers()).isEmpty();
    stillServes(b);
  }

  @Test
  void garbageAfterTheHandshakeEndsTheConnectionAndTwiceBans() throws Exception {
    Switch b = nodes.start(2);
    NodeId rawId = TestKeys.id(5);
    byte[] noise = new byte[100];
    new Random(8).nextBytes(noise);
    try (RawPeer raw = handshaken(b, 5)) {
      await().atMost(WAIT).until(() -> b.isConnected(rawId));
      raw.sendFrame(noise);
      assertThat(raw.closedByPeer(WAIT)).isTrue();
    }
    await().atMost(WAIT).until(() -> b.peers().isEmpty());
    assertThat(b.isBanned(rawId)).isFalse();
    try (RawPeer raw = handshaken(b, 5)) {
      raw.sendFrame(noise);
      assertThat(raw.closedByPeer(WAIT)).isTrue();
    }
    await().atMost(WAIT).until(() -> b.isBanned(rawId));
    try (RawPeer raw = RawPeer.connect(b.listenAddress())) {
      raw.handshake(RawPeer.identity(TestKeys.key(5)), "lattice", Optional.of(b.nodeId()));
      assertThat(raw.readVerdict()).startsWith("refused: node " + rawId + " is banned until");
      assertThat(raw.closedByPeer(WAIT)).isTrue();
    }
    stillServes(b);
  }

  @Test
  void oversizeFrameEndsTheConnection() throws Exception {
    Switch b = nodes.start(2);
    try (RawPeer raw = handshaken(b, 5)) {
      raw.sendRaw(ByteBuffer.allocate(4).putInt(65_536).array());
      assertThat(raw.closedByPeer(WAIT)).isTrue();
    }
    try (RawPeer raw = RawPeer.connect(b.listenAddress())) {
      raw.sendRaw(ByteBuffer.allocate(4).putInt(1 << 30).array()); // before the handshake
      assertThat(raw.closedByPeer(WAIT)).isTrue();
    }
    stillServes(b);
  }

  @Test
  void messageAboveTheChannelMaximumEndsTheConnection() throws Exception {
    Switch b = nodes.start(2);
    Nodes.Events events = new Nodes.Events();
    var unused = b.addListener(events);
    int chat = ChannelDescriptor.CHAT_GOSSIP.id(); // at most 64 KiB per message
    try (RawPeer raw = handshaken(b, 5)) {
      raw.sendChunk(chat, false, new byte[40_000]);
      raw.sendChunk(chat, true, new byte[40_000]);
      assertThat(raw.closedByPeer(WAIT)).isTrue();
    }
    try (RawPeer raw = handshaken(b, 6)) {
      raw.sendMessage(0x99, new byte[1]); // undeclared channel
      assertThat(raw.closedByPeer(WAIT)).isTrue();
    }
    try (RawPeer raw = handshaken(b, 7)) {
      // unfinished messages on two 16 MiB channels: together above the largest channel maximum
      byte[] chunk = new byte[60_000];
      try {
        for (int i = 0; i < 160; i++) {
          raw.sendChunk(ChannelDescriptor.BLOCK_SYNC.id(), false, chunk);
          raw.sendChunk(ChannelDescriptor.STATE_SYNC.id(), false, chunk);
        }
      } catch (java.io.IOException closedMeanwhile) {
        // the switch closes while the chunks are still being written
      }
      assertThat(raw.closedByPeer(WAIT)).isTrue();
    }
    await().atMost(WAIT).until(() -> events.disconnected.size() == 3);
    assertThat(events.disconnected.get(0)).endsWith("exceeds its maximum of 65536 bytes");
    assertThat(events.disconnected.get(1)).endsWith("message on undeclared channel 0x99");
    assertThat(events.disconnected.get(2))
        .endsWith("unfinished messages on several channels exceed 16777216 bytes together");
    stillServes(b);
  }

  @Test
  void floodAboveTheMessageRateIsBanned() throws Exception {
    Switch b = nodes.start(2, c -> c.receiveMessagesPerSecond(50).banScore(20));
    AtomicInteger handled = new AtomicInteger();
    var unused = b.onReceive(MEMPOOL, (peer, m) -> handled.incrementAndGet());
    NodeId rawId = TestKeys.id(5);
    try (RawPeer raw = handshaken(b, 5)) {
      try {
        for (int i = 0; i < 2_000; i++) {
          raw.sendMessage(MEMPOOL, new byte[] {(byte) i});
        }
      } catch (java.io.IOException closedMeanwhile) {
        // the switch may close the socket while the flood is still being written
      }
      assertThat(raw.closedByPeer(WAIT)).isTrue();
    }
    assertThat(b.isBanned(rawId)).isTrue();
    assertThat(handled.get()).isBetween(1, 1_999);
    try (RawPeer raw = RawPeer.connect(b.listenAddress())) {
      raw.handshake(RawPeer.identity(TestKeys.key(5)), "lattice", Optional.of(b.nodeId()));
      assertThat(raw.readVerdict()).contains("is banned until");
    }
    stillServes(b);
  }

  @Test
  void byteRateAboveTheLimitIsThrottledNotDropped() throws Exception {
    Switch b = nodes.start(2, c -> c.receiveBytesPerSecond(512 * 1024));
    Switch a = nodes.start(1);
    Nodes.Inbox in = new Nodes.Inbox();
    var unused = b.onReceive(MEMPOOL, in.on(MEMPOOL));
    a.dial(b.selfAddress()).get(10, TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> b.isConnected(a.nodeId()));
    int count = 40;
    for (int i = 0; i < count; i++) {
      byte[] m = new byte[32 * 1024];
      m[0] = (byte) i;
      assertThat(a.send(b.nodeId(), MEMPOOL, m)).isTrue();
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> in.messages.size() == count);
    for (int i = 0; i < count; i++) {
      assertThat(in.messages.get(i).message()[0]).isEqualTo((byte) i);
    }
    assertThat(b.stats(a.nodeId()).orElseThrow().readPauses()).isPositive();
    assertThat(b.isBanned(a.nodeId())).isFalse();
  }

  @Test
  void slowReaderMakesSendRefuseWhenItsQueueIsFull() throws Exception {
    ChannelDescriptor bulk = new ChannelDescriptor(0x50, "bulk", 1, 50, 1 << 20);
    List<ChannelDescriptor> channels = List.of(bulk, ChannelDescriptor.MEMPOOL);
    Switch b = nodes.start(2, c -> c.channels(channels).receiveMessagesPerSecond(100_000));
    Switch a = nodes.start(1, c -> c.channels(channels));
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger received = new AtomicInteger();
    var unused =
        b.onReceive(
            bulk.id(),
            (peer, m) -> {
              try {
                // b's only network thread stops reading
                assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              received.incrementAndGet();
            });
    a.dial(b.selfAddress()).get(10, TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> b.isConnected(a.nodeId()));
    try {
      fillAndRelease(a, b, bulk, release, received);
    } finally {
      release.countDown();
    }
  }

  private static void fillAndRelease(
      Switch a, Switch b, ChannelDescriptor bulk, CountDownLatch release, AtomicInteger received)
      throws InterruptedException {
    int accepted = 0;
    int refusals = 0;
    int refusedInARow = 0;
    byte[] message = new byte[64 * 1024];
    // send until the queue stays full: the reader's socket, the kernel buffers and the writer's
    // buffer are full, and nothing drains any more
    while (refusedInARow < 50) {
      if (a.send(b.nodeId(), bulk.id(), message)) {
        accepted++;
        refusedInARow = 0;
      } else {
        refusals++;
        refusedInARow++;
        Thread.sleep(10);
      }
      assertThat(accepted).as("a slow reader must push back").isLessThan(5_000);
    }
    assertThat(a.queued(b.nodeId(), bulk.id())).isEqualTo(bulk.sendQueueCapacity());
    assertThat(a.stats(b.nodeId()).orElseThrow().sendRefused()).isEqualTo(refusals);
    release.countDown();
    int expected = accepted;
    await().atMost(Duration.ofSeconds(30)).until(() -> received.get() == expected);
    assertThat(a.isConnected(b.nodeId())).isTrue();
  }
}
