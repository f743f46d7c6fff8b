package io.lattice.p2p.peer;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Address groups for peer diversity (as Bitcoin Core's netgroups, simplified): an IPv4 address
 * belongs to its /16, an IPv6 address to its /32, an IPv4-mapped IPv6 address to the /16 of the
 * IPv4 address. Limiting inbound peers per group makes it costlier to fill every slot from one
 * provider's range.
 */
public final class AddressGroups {
  private static final Pattern IPV4 =
      Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

  private AddressGroups() {}

  /**
   * The group of a peer's advertised host: the group of its address when the host is an IP literal,
   * otherwise {@code "name " + host} (lower case) — a host name is never resolved here.
   */
  public static String group(String host) {
    Matcher v4 = IPV4.matcher(host);
    if (v4.matches()) {
      int[] octets = new int[4];
      for (int i = 0; i < 4; i++) {
        octets[i] = Integer.parseInt(v4.group(i + 1));
      }
      if (Arrays.stream(octets).allMatch(o -> o <= 255)) {
        return octets[0] + "." + octets[1] + ".0.0/16";
      }
    } else if (host.indexOf(':') >= 0) {
      try {
        // an IPv6 literal (a colon): parsed without any name lookup
        return group(InetAddress.getByName(host));
      } catch (UnknownHostException e) {
        return "name " + host.toLowerCase(Locale.ROOT);
      }
    }
    return "name " + host.toLowerCase(Locale.ROOT);
  }

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
