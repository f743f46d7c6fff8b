package io.lattice.p2p.peer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lattice.p2p.ChannelDescriptor;
import io.lattice.p2p.NodeId;
import io.lattice.p2p.PeerAddress;
import io.lattice.p2p.PeerConnectionException;
import io.lattice.p2p.TestKeys;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Switches exchanging messages over real TCP on 127.0.0.1. */
class SwitchTest {
  private static final int CONSENSUS = ChannelDescriptor.CONSENSUS.id();
  private static final int MEMPOOL = ChannelDescriptor.MEMPOOL.id();
  private final Nodes nodes = new Nodes();

  @TempDir java.nio.file.Path dir;

  @AfterEach
  void close() {
    nodes.close();
  }

  static NodeId connect(Switch from, Switch to) throws Exception {
    return from.dial(to.selfAddress()).get(10, TimeUnit.SECONDS);
  }

  static void awaitPeers(Switch s, int n) {
    await().atMost(Duration.ofSeconds(10)).until(() -> s.peers().size() == n);
  }

  @Test
  void twoSwitchesExchangeMessagesOnSeparateChannels() throws Exception {
    Switch a = nodes.start(1);
    Switch b = nodes.start(2);
    Nodes.Inbox atA = new Nodes.Inbox();
    Nodes.Inbox atB = new Nodes.Inbox();
    a.onReceive(CONSENSUS, atA.on(CONSENSUS));
    b.onReceive(CONSENSUS, atB.on(CONSENSUS));
    b.onReceive(MEMPOOL, atB.on(MEMPOOL));

    assertThat(connect(a, b)).isEqualTo(b.nodeId());
    awaitPeers(b, 1);
    assertThat(b.peers().getFirst().id()).isEqualTo(a.nodeId());
    assertThat(b.peers().getFirst().outbound()).isFalse();
    assertThat(a.peers().getFirst().outbound()).isTrue();

    byte[] big = new byte[3 * 65_536 + 17]; // several frames
    new Random(1).nextBytes(big);
    assertThat(a.send(b.nodeId(), CONSENSUS, "vote".getBytes(UTF_8))).isTrue();
    assertThat(a.send(b.nodeId(), MEMPOOL, "tx".getBytes(UTF_8))).isTrue();
    assertThat(a.send(b.nodeId(), CONSENSUS, big)).isTrue();
    assertThat(b.send(a.nodeId(), CONSENSUS, "reply".getBytes(UTF_8))).isTrue();

    await().atMost(Duration.ofSeconds(10)).until(() -> atB.messages.size() == 3);
    await().atMost(Duration.ofSeconds(10)).until(() -> atA.messages.size() == 1);
    List<Nodes.Received> consensusAtB =
        atB.messages.stream().filter(r -> r.channel() == CONSENSUS).toList();
    assertThat(consensusAtB).extracting(Nodes.Received::from).containsOnly(a.nodeId());
    assertThat(consensusAtB.get(0).text()).isEqualTo("vote");
    assertThat(consensusAtB.get(1).message()).isEqualTo(big);
    assertThat(atB.messages.stream().filter(r -> r.channel() == MEMPOOL).map(Nodes.Received::text))
        .containsExactly("tx");
    assertThat(atA.texts()).containsExactly("reply");
    assertThat(a.stats(b.nodeId()).orElseThrow().sentMessages()).isEqualTo(3);
    assertThat(b.stats(a.nodeId()).orElseThrow().receivedMessages()).isEqualTo(3);
  }

  @Test
  void listenerCanSendAsSoonAsThePeerConnects() throws Exception {
    Switch a = nodes.start(1);
    Switch b = nodes.start(2);
    Nodes.Inbox atA = new Nodes.Inbox();
    Nodes.Inbox atB = new Nodes.Inbox();
    a.onReceive(MEMPOOL, atA.on(MEMPOOL));
    b.onReceive(MEMPOOL, atB.on(MEMPOOL));
    for (Switch s : List.of(a, b)) {
      s.addListener(
          new io.lattice.p2p.PeerListener() {
            @Override
            public void connected(io.lattice.p2p.PeerInfo peer) {
              assertThat(s.send(peer.id(), MEMPOOL, ("hello from " + s.nodeId()).getBytes(UTF_8)))
                  .isTrue();
            }
          });
    }
    connect(a, b);
    await().atMost(Duration.ofSeconds(10)).until(() -> atA.messages.size() == 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> atB.messages.size() == 1);
    assertThat(atA.texts()).containsExactly("hello from " + b.nodeId());
    assertThat(atB.texts()).containsExactly("hello from " + a.nodeId());
  }

  @Test
  void threeSwitchesBroadcastToEachOther() throws Exception {
    Switch a = nodes.start(1);
    Switch b = nodes.start(2);
    Switch c = nodes.start(3);
    connect(a, b);
    connect(a, c);
    connect(b, c);
    List<Switch> all = List.of(a, b, c);
    List<Nodes.Inbox> inboxes = all.stream().map(s -> new Nodes.Inbox()).toList();
    for (int i = 0; i < 3; i++) {
      awaitPeers(all.get(i), 2);
      all.get(i).onReceive(CONSENSUS, inboxes.get(i).on(CONSENSUS));
    }
    for (int i = 0; i < 3; i++) {
      assertThat(all.get(i).broadcast(CONSENSUS, ("from " + i).getBytes(UTF_8))).isEqualTo(2);
    }
    for (int i = 0; i < 3; i++) {
      Nodes.Inbox in = inboxes.get(i);
      await().atMost(Duration.ofSeconds(10)).until(() -> in.messages.size() == 2);
      List<String> expected =
          java.util.stream.IntStream.range(0, 3)
              .filter(j -> j != inboxes.indexOf(in))
              .mapToObj(j -> "from " + j)
              .toList();
      assertThat(in.texts()).containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  @Test
  void dialledPeerWithAnotherIdIsDroppedWithTheReason() throws Exception {
    Switch a = nodes.start(1);
    Switch b = nodes.start(2);
    Nodes.Events atB = new Nodes.Events();
    b.addListener(atB);
    PeerAddress wrong = new PeerAddress(TestKeys.id(3), "127.0.0.1", b.listenAddress().getPort());
    CompletableFuture<NodeId> dial = a.dial(wrong);
    assertThat(dial)
        .failsWithin(Duration.ofSeconds(10))
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isInstanceOf(PeerConnectionException.class)
        .withMessage("dialled node " + TestKeys.id(3) + " but the peer is " + b.nodeId());
    assertThat(a.peers()).isEmpty();
    // b keeps serving: the right id connects
    assertThat(connect(a, b)).isEqualTo(b.nodeId());
    awaitPeers(b, 1);
    assertThat(atB.connected).containsExactly(a.nodeId());
  }

  @Test
  void selfAndBannedPeersAreRefused() throws Exception {
    Switch a = nodes.start(1);
    Switch b = nodes.start(2);
    assertThat(a.dial(a.selfAddress()))
        .failsWithin(Duration.ofSeconds(5))
        .withThrowableOfType(ExecutionException.class)
        .withMessageContaining("refusing to dial self");

    b.ban(a.nodeId(), Duration.ofMinutes(5), "test");
    assertThat(b.isBanned(a.nodeId())).isTrue();
    // a dials b: b refuses after authenticating a, and says why
    assertThat(a.dial(b.selfAddress()))
        .failsWithin(Duration.ofSeconds(10))
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isInstanceOf(PeerConnectionException.class)
        .withMessageStartingWith("refused by " + b.nodeId() + ": node " + a.nodeId())
        .withMessageContaining("is banned until");
    assertThat(b.peers()).isEmpty();
    // b will not dial a either
    assertThat(b.dial(a.selfAddress()))
        .failsWithin(Duration.ofSeconds(5))
        .withThrowableOfType(ExecutionException.class)
        .withMessageContaining("is banned until");
    assertThat(a.peers()).isEmpty();
  }

  @Test
  void simultaneousDialsLeaveOneConnection() throws Exception {
    Switch a = nodes.start(1);
    Switch b = nodes.start(2);
    CompletableFuture<NodeId> ab = a.dial(b.selfAddress());
    CompletableFuture<NodeId> ba = b.dial(a.selfAddress());
    assertThat(ab.get(10, TimeUnit.SECONDS)).isEqualTo(b.nodeId());
    assertThat(ba.get(10, TimeUnit.SECONDS)).isEqualTo(a.nodeId());
    awaitPeers(a, 1);
    awaitPeers(b, 1);
    // both ends kept the connection dialled by the smaller id
    boolean aSmaller = a.nodeId().compareTo(b.nodeId()) < 0;
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() ->
            a.peers().size() == 1
                && a.peers().getFirst().outbound() == aSmaller
                && b.peers().size() == 1
                && b.peers().getFirst().outbound() == !aSmaller);
    Nodes.Inbox atB = new Nodes.Inbox();
    b.onReceive(CONSENSUS, atB.on(CONSENSUS));
    assertThat(a.send(b.nodeId(), CONSENSUS, "x".getBytes(UTF_8))).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> atB.messages.size() == 1);
  }

  @Test
  void persistentPeerIsRedialledAfterItDrops() throws Exception {
    Switch b = nodes.start(2);
    Nodes.Events atB = new Nodes.Events();
    b.addListener(atB);
    Switch a = nodes.start(1, c -> c.persistentPeers(List.of(b.selfAddress())));
    await().atMost(Duration.ofSeconds(10)).until(() -> a.isConnected(b.nodeId()));
    b.disconnect(a.nodeId(), "test drop");
    await().atMost(Duration.ofSeconds(10)).until(() -> atB.connected.size() == 2);
    await().atMost(Duration.ofSeconds(10)).until(() -> a.isConnected(b.nodeId()));
    assertThat(atB.disconnected).hasSize(1).first().asString().endsWith("test drop");
  }

  @Test
  void persistentPeerThatIsDownIsDialledUntilItComesUp() throws Exception {
    Switch b = new Switch(TestKeys.key(2), Nodes.base().build());
    try {
      // learn a free port, then start b on it later
      b.start();
      PeerAddress address = b.selfAddress();
      b.close();
      Switch a = nodes.start(1, c -> c.persistentPeers(List.of(address)));
      Thread.sleep(300); // a few failed dials happen meanwhile
      assertThat(a.isConnected(address.id())).isFalse();
      Switch b2 =
          nodes.start(
              2,
              c ->
                  c.listen(
                      new java.net.InetSocketAddress(
                          java.net.InetAddress.getLoopbackAddress(), address.port())));
      await().atMost(Duration.ofSeconds(10)).until(() -> a.isConnected(b2.nodeId()));
    } finally {
      b.close();
    }
  }

  @Test
  void inboundPeersPerAddressGroupAreLimited() throws Exception {
    Switch b = nodes.start(9, c -> c.maxInboundPerGroup(2));
    Switch a1 = nodes.start(1);
    Switch a2 = nodes.start(2);
    Switch a3 = nodes.start(3);
    connect(a1, b);
    connect(a2, b);
    assertThat(a3.dial(b.selfAddress()))
        .failsWithin(Duration.ofSeconds(10))
        .withThrowableOfType(ExecutionException.class);
    assertThat(b.refusedInbound()).isEqualTo(1);
    awaitPeers(b, 2);
    // an outbound connection from b is not limited by the inbound rule
    assertThat(connect(b, a3)).isEqualTo(a3.nodeId());
  }

  @Test
  void anchorsAreRedialledAfterARestart() throws Exception {
    Switch b = nodes.start(2);
    Switch c = nodes.start(3);
    Switch a = nodes.start(1, x -> x.anchorDirectory(dir));
    connect(a, b);
    connect(a, c);
    a.close();
    await().atMost(Duration.ofSeconds(10)).until(() -> b.peers().isEmpty() && c.peers().isEmpty());
    Switch again = nodes.start(1, x -> x.anchorDirectory(dir));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> again.isConnected(b.nodeId()) && again.isConnected(c.nodeId()));
    assertThat(new AnchorFile(dir).load())
        .extracting(PeerAddress::id)
        .containsExactlyInAnyOrder(b.nodeId(), c.nodeId());
  }

  @Test
  void seedsAreDialledAtStart() throws Exception {
    Switch seed = nodes.start(2);
    Switch a = nodes.start(1, x -> x.seeds(List.of(seed.selfAddress())));
    await().atMost(Duration.ofSeconds(10)).until(() -> a.isConnected(seed.nodeId()));
  }
}
