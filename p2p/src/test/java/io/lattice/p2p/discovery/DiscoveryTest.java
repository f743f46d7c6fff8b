package io.lattice.p2p.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lattice.p2p.NodeId;
import io.lattice.p2p.P2pConfig;
import io.lattice.p2p.PeerAddress;
import io.lattice.p2p.TestKeys;
import io.lattice.p2p.peer.Switch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Eight nodes that know only a seed find each other over TCP. */
class DiscoveryTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final int N = 8;
  private final List<Switch> switches = new ArrayList<>();
  private final List<Discovery> discoveries = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (Discovery d : discoveries) {
      d.close();
    }
    switches.forEach(Switch::close);
  }

  private static Discovery.Config config() {
    return new Discovery.Config(16, 3, 3, Duration.ofSeconds(3), Duration.ofMinutes(10));
  }

  private void startNetwork() throws Exception {
    for (int i = 0; i < N; i++) {
      P2pConfig.Builder b = P2pConfig.builder().ioThreads(1);
      if (i > 0) {
        b.seeds(List.of(switches.get(0).selfAddress()));
      }
      Switch s = new Switch(TestKeys.key(i), b.build());
      switches.add(s);
      // discovery listens before the switch dials its seeds
      discoveries.add(new Discovery(s, config()));
      s.start();
    }
    Discovery seed = discoveries.get(0);
    await().atMost(WAIT).until(() -> seed.table().size() == N - 1);
  }

  @Test
  void nodesThatKnowOnlyASeedFindEachOther() throws Exception {
    startNetwork();
    for (int i = 1; i < N; i++) {
      assertThat(discoveries.get(i).table().size()).isGreaterThanOrEqualTo(1);
    }
    NodeId seedId = switches.get(0).nodeId();
    discoveries.get(1).refresh().get(20, TimeUnit.SECONDS);
    // node 1 refreshed first: it dialled 3 peers besides the seed, so the seed was let go
    await().atMost(WAIT).until(() -> !switches.get(1).isConnected(seedId));
    assertThat(switches.get(1).peers()).hasSizeGreaterThanOrEqualTo(3).allMatch(p -> p.outbound());
    for (int i = 2; i < N; i++) {
      discoveries.get(i).refresh().get(20, TimeUnit.SECONDS);
    }
    for (int i = 1; i < N; i++) {
      Discovery d = discoveries.get(i);
      Switch s = switches.get(i);
      // beyond the seed: the lookup of its own id taught it others, and it dialled to 3 peers
      assertThat(d.table().size()).as("table of node %d", i).isGreaterThan(1);
      await().atMost(WAIT).until(() -> s.peers().size() >= 3);
    }
    // any node finds any other by id
    NodeId wanted = switches.get(3).nodeId();
    List<PeerAddress> found = discoveries.get(7).lookup(wanted).get(20, TimeUnit.SECONDS);
    assertThat(found).isNotEmpty();
    assertThat(found.getFirst()).isEqualTo(switches.get(3).selfAddress());
  }

  @Test
  void pingChecksLiveness() throws Exception {
    startNetwork();
    Discovery seed = discoveries.get(0);
    PeerAddress five = switches.get(5).selfAddress();
    assertThat(seed.table().get(five.id())).contains(five);
    seed.ping(five).get(10, TimeUnit.SECONDS);
    discoveries.get(5).close();
    switches.get(5).close();
    await().atMost(WAIT).until(() -> !switches.get(0).isConnected(five.id()));
    assertThat(seed.ping(five)).failsWithin(WAIT).withThrowableOfType(ExecutionException.class);
  }

  /**
   * A persistent peer is recorded at the address the operator configured (here a host name, in real
   * life a relay or NAT route), not at the port it advertises, so discovery never bypasses that
   * route; a peer that is not persistent is recorded at its remote IP and advertised port.
   */
  @Test
  void persistentPeersAreRecordedAtTheirConfiguredAddress() throws Exception {
    Switch b = new Switch(TestKeys.key(1), P2pConfig.builder().ioThreads(1).build());
    switches.add(b);
    Discovery db = new Discovery(b, config());
    discoveries.add(db);
    b.start();
    PeerAddress viaName = new PeerAddress(b.nodeId(), "localhost", b.listenAddress().getPort());
    Switch a =
        new Switch(
            TestKeys.key(0),
            P2pConfig.builder().ioThreads(1).persistentPeers(List.of(viaName)).build());
    switches.add(a);
    Discovery da = new Discovery(a, config());
    discoveries.add(da);
    a.start();
    await().atMost(WAIT).until(() -> da.table().contains(b.nodeId()));
    assertThat(da.table().get(b.nodeId())).contains(viaName);
    await().atMost(WAIT).until(() -> db.table().contains(a.nodeId()));
    assertThat(db.table().get(a.nodeId()))
        .contains(new PeerAddress(a.nodeId(), "127.0.0.1", a.listenAddress().getPort()));
  }
}
