package io.lattice.p2p.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lattice.p2p.NodeId;
import io.lattice.p2p.P2pConfig;
import io.lattice.p2p.PeerAddress;
import io.lattice.p2p.TestKeys;
import io.lattice.p2p.peer.Switch;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Random-id bucket refresh and lookups fed with fake addresses, over TCP on 127.0.0.1. */
class DiscoveryRefreshTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
  }

  private static Discovery.Config config() {
    // target 0: nothing is dialled beyond the queries, so the table shows what lookups found
    return new Discovery.Config(16, 3, 0, Duration.ofSeconds(3), Duration.ofMinutes(10));
  }

  private Switch startSwitch(int key, List<PeerAddress> seeds) {
    Switch s =
        new Switch(
            TestKeys.key(key),
            P2pConfig.builder()
                .ioThreads(1)
                .handshakeTimeout(Duration.ofSeconds(2))
                .dialTimeout(Duration.ofSeconds(2))
                .seeds(seeds)
                .build());
    open.add(s);
    return s;
  }

  private Discovery discovery(Switch s) {
    Discovery d = new Discovery(s, config());
    open.add(d);
    return d;
  }

  /**
   * A directory peer answers FIND_NODE(t) with only the one node closest to t among six isolated
   * nodes. Looking up the own id alone would find one of them; the random ids of the bucket refresh
   * find a node in every bucket that holds one.
   */
  @Test
  void randomIdRefreshFillsEveryBucketThatHasANode() throws Exception {
    List<PeerAddress> isolated = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      Switch s = startSwitch(i, List.of());
      discovery(s);
      s.start();
      isolated.add(s.selfAddress());
    }
    ScriptedPeer directory =
        new ScriptedPeer(
            20,
            (network, from, f) ->
                ScriptedPeer.reply(
                    network,
                    from,
                    f.requestId(),
                    isolated.stream()
                        .filter(a -> !a.id().equals(from))
                        .min(
                            Comparator.comparing(
                                PeerAddress::id, RoutingTable.byDistanceTo(f.target())))
                        .stream()
                        .toList()));
    open.add(directory);
    Switch x = startSwitch(0, List.of(directory.address()));
    Discovery d = discovery(x);
    x.start();
    await().atMost(WAIT).until(() -> d.table().contains(directory.address().id()));

    d.refresh().get(60, TimeUnit.SECONDS);

    RoutingTable table = d.table();
    Set<Integer> bucketsWithNodes = new TreeSet<>();
    isolated.forEach(a -> bucketsWithNodes.add(table.bucketIndex(a.id())));
    // the fixed keys spread over several buckets, so one lookup of the own id cannot cover them
    assertThat(bucketsWithNodes).hasSizeGreaterThanOrEqualTo(3);
    assertThat(bucketsWithNodes.iterator().next())
        .isGreaterThanOrEqualTo(RoutingTable.ID_BITS - Discovery.MAX_BUCKET_REFRESHES);
    for (int b : bucketsWithNodes) {
      assertThat(table.bucketSize(b)).as("bucket %d", b).isGreaterThanOrEqualTo(1);
    }
    // the directory saw the own id, then one random id per bucket down to the closest node's
    NodeId self = x.nodeId();
    assertThat(directory.findNodeTargets.getFirst()).isEqualTo(self);
    int lowest =
        Math.max(
            table.lowestNonEmptyBucket().orElseThrow(),
            RoutingTable.ID_BITS - Discovery.MAX_BUCKET_REFRESHES);
    assertThat(directory.findNodeTargets.stream().skip(1).map(table::bucketIndex).toList())
        .containsAll(
            java.util.stream.IntStream.rangeClosed(lowest, RoutingTable.ID_BITS - 1)
                .boxed()
                .toList());
    // target 0: the seed and the query connections were let go
    await().atMost(WAIT).until(() -> x.peers().isEmpty());
  }

  /**
   * A peer answers FIND_NODE with 32 fake contacts, sends thousands more in unsolicited and
   * duplicate replies. Nothing it names enters the table, and the lookup dials at most the 32
   * contacts of the one reply it asked for, once each.
   */
  @Test
  void aPeerFloodingFakeContactsIsBounded() throws Exception {
    AtomicInteger dialsToFakes = new AtomicInteger();
    ServerSocket sink = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    open.add(sink);
    Thread acceptor =
        Thread.ofVirtual()
            .start(() -> {
              while (!sink.isClosed()) {
                try (Socket s = sink.accept()) {
                  dialsToFakes.incrementAndGet();
                } catch (IOException e) {
                  return;
                }
              }
            });
    open.add(acceptor::interrupt);
    Random r = new Random(3);
    List<NodeId> fakeIds = new ArrayList<>();
    ScriptedPeer liar =
        new ScriptedPeer(
            21,
            (network, from, f) -> {
              for (int i = 0; i < 60; i++) {
                ScriptedPeer.reply(network, from, f.requestId() + 1 + i, fakes(r, sink, fakeIds));
              }
              ScriptedPeer.reply(network, from, f.requestId(), fakes(r, sink, fakeIds));
              ScriptedPeer.reply(network, from, f.requestId(), fakes(r, sink, fakeIds));
            });
    open.add(liar);
    Switch victim = startSwitch(0, List.of(liar.address()));
    Discovery d = discovery(victim);
    victim.start();
    await().atMost(WAIT).until(() -> d.table().contains(liar.address().id()));

    List<PeerAddress> found = d.lookup(TestKeys.id(9)).get(60, TimeUnit.SECONDS);

    assertThat(fakeIds).hasSizeGreaterThanOrEqualTo(61 * DiscoveryMessage.MAX_NODES);
    assertThat(found).containsExactly(liar.address());
    assertThat(d.table().size()).isEqualTo(1);
    assertThat(fakeIds).noneMatch(d.table()::contains);
    // the one solicited reply's contacts were tried (they are closer than the liar), no others
    assertThat(dialsToFakes.get()).isBetween(1, DiscoveryMessage.MAX_NODES);
  }

  private static List<PeerAddress> fakes(Random r, ServerSocket sink, List<NodeId> ids) {
    List<PeerAddress> out = new ArrayList<>();
    for (int i = 0; i < DiscoveryMessage.MAX_NODES; i++) {
      byte[] b = new byte[20];
      r.nextBytes(b);
      NodeId id = new NodeId(HexFormat.of().formatHex(b));
      synchronized (ids) {
        ids.add(id);
      }
      out.add(new PeerAddress(id, "127.0.0.1", sink.getLocalPort()));
    }
    return out;
  }
}
