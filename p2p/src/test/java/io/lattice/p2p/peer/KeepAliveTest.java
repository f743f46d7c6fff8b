package io.lattice.p2p.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lattice.p2p.TestKeys;
import io.lattice.p2p.transport.RawPeer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeepAliveTest {
  private final Nodes nodes = new Nodes();

  @AfterEach
  void close() {
    nodes.close();
  }

  @Test
  void quietPeersStayConnectedThroughKeepAlives() throws Exception {
    Switch a = nodes.start(1, c -> c.keepAlive(Duration.ofMillis(100), Duration.ofMillis(500)));
    Switch b = nodes.start(2, c -> c.keepAlive(Duration.ofMillis(100), Duration.ofMillis(500)));
    Nodes.Events events = new Nodes.Events();
    var unused = b.addListener(events);
    a.dial(b.selfAddress()).get(10, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(10)).until(() -> b.isConnected(a.nodeId()));
    Thread.sleep(1_500); // three idle timeouts without application traffic
    assertThat(a.isConnected(b.nodeId())).isTrue();
    assertThat(b.isConnected(a.nodeId())).isTrue();
    assertThat(events.disconnected).isEmpty();
  }

  @Test
  void silentPeerIsDropped() throws Exception {
    Switch b = nodes.start(2, c -> c.keepAlive(Duration.ofMillis(100), Duration.ofMillis(500)));
    Nodes.Events events = new Nodes.Events();
    var unused = b.addListener(events);
    try (RawPeer raw = RawPeer.connect(b.listenAddress())) {
      raw.handshake(RawPeer.identity(TestKeys.key(5)), "lattice", Optional.of(b.nodeId()));
      assertThat(raw.readVerdict()).isEqualTo("accepted");
      assertThat(raw.closedByPeer(Duration.ofSeconds(10))).isTrue();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> events.disconnected.size() == 1);
    assertThat(events.disconnected.getFirst())
        .isEqualTo(TestKeys.id(5) + ": no frame received for PT0.5S");
  }
}
