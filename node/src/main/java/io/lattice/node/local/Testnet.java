package io.lattice.node.local;

import io.lattice.node.chain.LocalNetwork;
import io.lattice.node.config.ConfigException;
import io.lattice.node.config.NodeConfig;
import io.lattice.node.config.NodeHome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The homes of a multi-machine network ({@code lattice testnet init}), as {@code gaiad testnet}
 * writes them: {@code node0..} with one genesis, each to be copied to its own machine, which
 * listens for peers on {@code 0.0.0.0} and dials the others at their hosts.
 */
public final class Testnet {
  private Testnet() {}

  /** One created node: its home, the host it runs on and its P2P address. */
  public record Node(NodeHome home, String host, String p2p) {}

  /**
   * @param hosts one host (name or address) per validator, in order
   * @param apiListenHost where each node's API listens on its machine (127.0.0.1 keeps it local)
   */
  public static List<Node> init(
      Path dir, String chainId, List<String> hosts, int p2pPort, String apiListenHost, int apiPort)
      throws ConfigException {
    if (hosts.isEmpty()) {
      throw new ConfigException("a testnet needs at least one validator host");
    }
    List<NodeHome> homes = LocalNetwork.init(dir, hosts.size(), chainId);
    List<NetworkConfigs.Endpoint> endpoints = new ArrayList<>();
    for (String host : hosts) {
      endpoints.add(
          new NetworkConfigs.Endpoint(
              new NodeConfig.HostPort(apiListenHost, apiPort),
              new NodeConfig.HostPort("0.0.0.0", p2pPort),
              host));
    }
    List<String> addresses = NetworkConfigs.wire(homes, endpoints);
    List<Node> out = new ArrayList<>();
    for (int i = 0; i < homes.size(); i++) {
      out.add(new Node(homes.get(i), hosts.get(i), addresses.get(i)));
    }
    return out;
  }

  /**
   * {@code count} IPv4 addresses from {@code first} on (10.0.0.1, 10.0.0.2, …).
   *
   * @throws IllegalArgumentException when {@code first} is not a dotted IPv4 address or the range
   *     runs past 255.255.255.255
   */
  public static List<String> consecutiveIps(String first, int count) {
    String[] parts = first.split("\\.", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException("not an IPv4 address: '" + first + "'");
    }
    long value = 0;
    for (String p : parts) {
      int octet;
      try {
        octet = Integer.parseInt(p);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not an IPv4 address: '" + first + "'", e);
      }
      if (octet < 0 || octet > 255) {
        throw new IllegalArgumentException("not an IPv4 address: '" + first + "'");
      }
      value = value * 256 + octet;
    }
    if (value + count - 1 > 0xFFFFFFFFL) {
      throw new IllegalArgumentException(
          count + " addresses from " + first + " run past 255.255.255.255");
    }
    List<String> out = new ArrayList<>();
    for (long v = value; v < value + count; v++) {
      out.add((v >> 24 & 255) + "." + (v >> 16 & 255) + "." + (v >> 8 & 255) + "." + (v & 255));
    }
    return out;
  }
}
