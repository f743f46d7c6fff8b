package io.lattice.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PeerAddressTest {
  private static final String ID = TestKeys.id(1).hex();

  @Test
  void parsesAndPrintsIdAtHostPort() {
    PeerAddress a = PeerAddress.parse(ID + "@127.0.0.1:26656");
    assertThat(a.id()).isEqualTo(TestKeys.id(1));
    assertThat(a.host()).isEqualTo("127.0.0.1");
    assertThat(a.port()).isEqualTo(26656);
    assertThat(PeerAddress.parse(a.toString())).isEqualTo(a);
    PeerAddress v6 = PeerAddress.parse(ID + "@[::1]:7");
    assertThat(v6.host()).isEqualTo("::1");
    assertThat(PeerAddress.parse(v6.toString())).isEqualTo(v6);
  }

  @Test
  void malformedAddressesNameTheProblem() {
    assertThatThrownBy(() -> PeerAddress.parse("127.0.0.1:1")).hasMessageContaining("id@host:port");
    assertThatThrownBy(() -> PeerAddress.parse(ID + "@host")).hasMessageContaining("no port");
    assertThatThrownBy(() -> PeerAddress.parse(ID + "@host:x")).hasMessageContaining("port");
    assertThatThrownBy(() -> PeerAddress.parse(ID + "@host:70000"))
        .hasMessageContaining("1..65535");
    assertThatThrownBy(() -> PeerAddress.parse("zz@host:1")).hasMessageContaining("node id");
  }
}
