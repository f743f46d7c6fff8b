package io.lattice.node.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lattice.node.config.ConfigFile;
import io.lattice.node.config.GenesisFile;
import io.lattice.node.config.NodeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestnetTest {
  @TempDir Path tmp;

  @Test
  void homesShareOneGenesisAndDialEachOtherAtTheirHosts() throws Exception {
    List<String> hosts = Testnet.consecutiveIps("10.0.0.254", 3);
    assertThat(hosts).containsExactly("10.0.0.254", "10.0.0.255", "10.0.1.0");
    List<Testnet.Node> nodes = Testnet.init(tmp, "net-1", hosts, 26656, "127.0.0.1", 8546);
    assertThat(nodes).hasSize(3);
    String genesis = Files.readString(nodes.get(0).home().genesisJson());
    for (int i = 0; i < 3; i++) {
      Testnet.Node n = nodes.get(i);
      assertThat(Files.readString(n.home().genesisJson())).isEqualTo(genesis);
      assertThat(n.p2p()).endsWith("@" + hosts.get(i) + ":26656");
      NodeConfig config = ConfigFile.read(n.home().configToml());
      assertThat(config.p2p().listen()).contains(new NodeConfig.HostPort("0.0.0.0", 26656));
      assertThat(config.apiListen()).isEqualTo(new NodeConfig.HostPort("127.0.0.1", 8546));
      List<String> others =
          nodes.stream().filter(o -> !o.equals(n)).map(Testnet.Node::p2p).toList();
      assertThat(config.p2p().persistentPeers()).containsExactlyElementsOf(others);
    }
    assertThat(GenesisFile.read(nodes.get(0).home().genesisJson()).genesis().validators())
        .hasSize(3);
  }

  @Test
  void badAddressesAreRefusedWithTheCause() {
    assertThatThrownBy(() -> Testnet.consecutiveIps("10.0.0", 2))
        .hasMessageContaining("not an IPv4");
    assertThatThrownBy(() -> Testnet.consecutiveIps("10.0.0.300", 2))
        .hasMessageContaining("not an IPv4");
    assertThatThrownBy(() -> Testnet.consecutiveIps("255.255.255.255", 2))
        .hasMessageContaining("run past 255.255.255.255");
  }
}
