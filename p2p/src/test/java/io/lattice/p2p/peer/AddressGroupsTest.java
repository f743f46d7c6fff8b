package io.lattice.p2p.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class AddressGroupsTest {
  private static String group(String ip) throws Exception {
    return AddressGroups.group(InetAddress.getByName(ip));
  }

  @Test
  void ipv4BySixteenBitPrefix() throws Exception {
    assertThat(group("10.1.2.3")).isEqualTo("10.1.0.0/16");
    assertThat(group("10.1.200.9")).isEqualTo(group("10.1.2.3"));
    assertThat(group("10.2.2.3")).isNotEqualTo(group("10.1.2.3"));
    assertThat(group("127.0.0.1")).isEqualTo("127.0.0.0/16");
  }

  @Test
  void ipv6ByThirtyTwoBitPrefix() throws Exception {
    assertThat(group("2001:db8:1::1")).isEqualTo("2001:0db8::/32");
    assertThat(group("2001:db8:ffff::2")).isEqualTo(group("2001:db8:1::1"));
    assertThat(group("2001:db9::1")).isNotEqualTo(group("2001:db8:1::1"));
  }

  @Test
  void advertisedHostsGroupLikeTheirAddressAndNamesAreNotResolved() {
    assertThat(AddressGroups.group("10.1.2.3")).isEqualTo("10.1.0.0/16");
    assertThat(AddressGroups.group("2001:db8:1::1")).isEqualTo("2001:0db8::/32");
    assertThat(AddressGroups.group("::ffff:10.1.2.3")).isEqualTo("10.1.0.0/16");
    assertThat(AddressGroups.group("Node.Example")).isEqualTo("name node.example");
    // not a valid IPv4 literal: kept as a name rather than looked up
    assertThat(AddressGroups.group("300.1.2.3")).isEqualTo("name 300.1.2.3");
  }
}
