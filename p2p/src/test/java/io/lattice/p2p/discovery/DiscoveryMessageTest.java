package io.lattice.p2p.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lattice.p2p.PeerAddress;
import io.lattice.p2p.TestKeys;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiscoveryMessageTest {
  @Test
  void roundTrips() {
    List<DiscoveryMessage> all =
        List.of(
            new DiscoveryMessage.Ping(1, 26656),
            new DiscoveryMessage.Pong(Long.MAX_VALUE, 65535),
            new DiscoveryMessage.FindNode(7, TestKeys.id(3)),
            new DiscoveryMessage.Nodes(
                9,
                List.of(
                    new PeerAddress(TestKeys.id(1), "127.0.0.1", 1),
                    new PeerAddress(TestKeys.id(2), "::1", 2))),
            new DiscoveryMessage.Nodes(10, List.of()));
    for (DiscoveryMessage m : all) {
      assertThat(DiscoveryMessage.decode(m.encode())).isEqualTo(m);
    }
    assertThat(new DiscoveryMessage.Ping(0x0102030405060708L, 0x1234).encode())
        .containsExactly(1, 1, 2, 3, 4, 5, 6, 7, 8, 0x12, 0x34);
  }

  @Test
  void malformedMessagesNameTheProblem() {
    byte[] ping = new DiscoveryMessage.Ping(1, 2).encode();
    assertThatThrownBy(() -> DiscoveryMessage.decode(Arrays.copyOf(ping, 5)))
        .hasMessageContaining("truncated");
    assertThatThrownBy(() -> DiscoveryMessage.decode(Arrays.copyOf(ping, ping.length + 1)))
        .hasMessageContaining("1 trailing bytes");
    byte[] unknown = ping.clone();
    unknown[0] = 9;
    assertThatThrownBy(() -> DiscoveryMessage.decode(unknown)).hasMessageContaining("type 9");
    byte[] nodes = new DiscoveryMessage.Nodes(1, List.of()).encode();
    nodes[9] = 33;
    assertThatThrownBy(() -> DiscoveryMessage.decode(nodes)).hasMessageContaining("33 nodes");
    byte[] badPort =
        new DiscoveryMessage.Nodes(1, List.of(new PeerAddress(TestKeys.id(1), "h", 5))).encode();
    badPort[30] = 0;
    badPort[31] = 0;
    assertThatThrownBy(() -> DiscoveryMessage.decode(badPort)).hasMessageContaining("port");
    assertThatThrownBy(() -> DiscoveryMessage.decode(new byte[0]))
        .hasMessageContaining("truncated");
  }
}
