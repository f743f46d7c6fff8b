package io.lattice.node.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lattice.common.Clock;
import io.lattice.node.config.ConfigException;
import io.lattice.node.config.ConfigFile;
import io.lattice.node.config.HomeInitializer;
import io.lattice.node.config.NodeConfig;
import io.lattice.node.config.NodeFiles;
import io.lattice.node.config.NodeHome;
import io.lattice.p2p.NodeId;
import io.lattice.p2p.PeerInfo;
import io.lattice.p2p.peer.Switch;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nodes' P2P side configured with only a seed find and connect to the rest of the network. */
class PeerNetworkDiscoveryTest {
  private static final String CHAIN = "lattice-discovery-test";
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final NodeConfig.HostPort ANY_PORT = new NodeConfig.HostPort("127.0.0.1", 0);

  @TempDir Path tmp;
  private final List<PeerNetwork> started = new ArrayList<>();

  @AfterEach
  void close() {
    started.forEach(PeerNetwork::close);
  }

  private NodeFiles home(String name, NodeConfig.P2p p2p) throws Exception {
    NodeHome home = new NodeHome(tmp.resolve(name));
    new HomeInitializer(Clock.system(), new SecureRandom()).init(home, CHAIN, name, false);
    ConfigFile.write(home.configToml(), ConfigFile.read(home.configToml()).withP2p(p2p));
    return NodeFiles.load(home);
  }

  private PeerNetwork start(NodeFiles files) throws Exception {
    PeerNetwork n = PeerNetwork.start(files).orElseThrow();
    started.add(n);
    return n;
  }

  private static List<PeerInfo> othersThan(Switch s, NodeId seed) {
    return s.peers().stream().filter(p -> !p.id().equals(seed)).toList();
  }

  @Test
  void nodesThatKnowOnlyTheSeedConnectToEachOther() throws Exception {
    PeerNetwork seed = start(home("seed", new NodeConfig.P2p(Optional.of(ANY_PORT), List.of())));
    String seedAddress = seed.network().selfAddress().toString();
    NodeId seedId = seed.network().nodeId();
    List<NodeFiles> homes = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      NodeConfig.P2p p2p =
          new NodeConfig.P2p(Optional.of(ANY_PORT), List.of())
              .withSeeds(List.of(seedAddress))
              .withPeerLimits(2, 40);
      homes.add(home("node" + i, p2p));
    }
    // started together, so the seed soon knows them all
    List<PeerNetwork> nodes = new ArrayList<>();
    for (NodeFiles h : homes) {
      nodes.add(start(h));
    }
    for (PeerNetwork n : nodes) {
      assertThat(n.discovery()).isPresent();
      // each dials 2 peers besides the seed, or is already connected to all 3 others
      await().atMost(WAIT).until(() -> othersThan(n.network(), seedId).size() >= 2);
    }
    for (PeerNetwork n : nodes) {
      Switch s = n.network();
      List<PeerInfo> outbound = othersThan(s, seedId).stream().filter(PeerInfo::outbound).toList();
      if (outbound.size() >= 2) {
        // the outbound target is met: the seed's connection is let go
        await().atMost(WAIT).until(() -> !s.isConnected(seedId));
      }
    }
    // the seed's table knows every node
    await().atMost(WAIT).until(() -> seed.discovery().orElseThrow().table().size() == 4);
  }

  @Test
  void discoveryOffKeepsOnlyTheConfiguredPeers() throws Exception {
    PeerNetwork seed = start(home("seed", new NodeConfig.P2p(Optional.of(ANY_PORT), List.of())));
    NodeConfig.P2p p2p =
        new NodeConfig.P2p(Optional.of(ANY_PORT), List.of())
            .withSeeds(List.of(seed.network().selfAddress().toString()))
            .withDiscovery(false);
    PeerNetwork quiet = start(home("quiet", p2p));
    assertThat(quiet.discovery()).isEmpty();
    // the seed is still dialled once
    await().atMost(WAIT).until(() -> quiet.network().isConnected(seed.network().nodeId()));
  }

  @Test
  void aMalformedSeedNamesTheKey() throws Exception {
    NodeFiles files =
        home(
            "bad",
            new NodeConfig.P2p(Optional.of(ANY_PORT), List.of()).withSeeds(List.of("nohost")));
    assertThatThrownBy(() -> PeerNetwork.start(files))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("p2p.seeds")
        .hasMessageContaining("'nohost'");
  }
}
