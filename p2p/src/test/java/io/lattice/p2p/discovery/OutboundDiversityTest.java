package io.lattice.p2p.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.lattice.p2p.PeerAddress;
import io.lattice.p2p.TestKeys;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dial rule on synthetic addresses (real sockets on 127.0.0.1 are all one group). */
class OutboundDiversityTest {
  private static PeerAddress at(int key, String host) {
    return new PeerAddress(TestKeys.id(key), host, 26656);
  }

  private static List<String> hosts(List<PeerAddress> picked) {
    return picked.stream().map(PeerAddress::host).toList();
  }

  @Test
  void groupsWithoutAnOutboundPeerGoFirst() {
    List<PeerAddress> candidates =
        List.of(
            at(1, "10.1.0.1"),
            at(2, "10.1.0.2"),
            at(3, "10.1.9.9"),
            at(4, "10.2.0.1"),
            at(5, "192.168.3.4"),
            at(6, "10.2.7.7"));
    // 10.2/16 already has an outbound peer: one of 10.1/16 (the first listed), then 192.168/16
    assertThat(hosts(OutboundDiversity.pick(candidates, List.of("10.2.0.0/16"), 2)))
        .containsExactly("10.1.0.1", "192.168.3.4");
  }

  @Test
  void aSecondPeerInAGroupOnlyOnceEveryKnownGroupHasOne() {
    List<PeerAddress> candidates =
        List.of(
            at(1, "10.1.0.1"),
            at(2, "10.1.0.2"),
            at(3, "10.1.0.3"),
            at(4, "10.2.0.1"),
            at(5, "10.3.0.1"));
    assertThat(hosts(OutboundDiversity.pick(candidates, List.of(), 4)))
        .containsExactly("10.1.0.1", "10.2.0.1", "10.3.0.1", "10.1.0.2");
    // an attacker's /16 with many contacts does not take every slot
    assertThat(hosts(OutboundDiversity.pick(candidates, List.of("10.1.0.0/16"), 3)))
        .containsExactly("10.2.0.1", "10.3.0.1", "10.1.0.1");
  }

  @Test
  void oneGroupStillFillsTheSlotsInOrder() {
    List<PeerAddress> local =
        List.of(at(1, "127.0.0.1"), at(2, "127.0.0.1"), at(3, "127.0.0.1"), at(4, "127.0.0.1"));
    assertThat(OutboundDiversity.pick(local, List.of("127.0.0.0/16"), 3))
        .containsExactlyElementsOf(local.subList(0, 3));
    assertThat(OutboundDiversity.pick(local, List.of(), 10)).hasSize(4);
    assertThat(OutboundDiversity.pick(local, List.of(), 0)).isEmpty();
  }

  @Test
  void namesAndIpv6Groups() {
    List<PeerAddress> candidates =
        List.of(
            at(1, "2001:db8:1::1"),
            at(2, "2001:db8:2::1"),
            at(3, "seed.example"),
            at(4, "2001:db9::1"));
    assertThat(hosts(OutboundDiversity.pick(candidates, List.of(), 3)))
        .containsExactly("2001:db8:1::1", "seed.example", "2001:db9::1");
  }
}
