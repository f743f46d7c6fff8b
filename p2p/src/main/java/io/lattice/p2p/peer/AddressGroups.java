package io.lattice.p2p.peer;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * Address groups for peer diversity (as Bitcoin Core's netgroups, simplified): an IPv4 address
 * belongs to its /16, an IPv6 address to its /32, an IPv4-mapped IPv6 address to the /16 of the
 * IPv4 address. Limiting inbound peers per group makes it costlier to fill every slot from one
 * provider's range.
 */
public final class AddressGroups {
  private AddressGroups() {}

  public static String group(InetAddress address) {
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      return (b[0] & 0xff) + "." + (b[1] & 0xff) + ".0.0/16";
    }
    boolean mapped = true;
    for (int i = 0; i < 10; i++) {
      mapped &= b[i] == 0;
    }
    if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
      return (b[12] & 0xff) + "." + (b[13] & 0xff) + ".0.0/16";
    }
    return String.format("%02x%02x:%02x%02x::/32", b[0], b[1], b[2], b[3]);
  }
}
