package io.lattice.node.local;

import io.lattice.node.config.ConfigException;
import io.lattice.node.config.ConfigFile;
import io.lattice.node.config.KeyFile;
import io.lattice.node.config.NodeConfig;
import io.lattice.node.config.NodeHome;
import io.lattice.p2p.NodeId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Wires the homes of one network together: each node's API and P2P listen addresses, and every
 * other node as a persistent peer at the address it is reached by. Shared by {@code lattice up}
 * (all on 127.0.0.1) and {@code lattice testnet init} (one machine each).
 */
final class NetworkConfigs {
  private NetworkConfigs() {}

  /**
   * Where a node listens and the host its peers dial.
   *
   * @param advertisedHost the host other nodes put in their persistent peers
   */
  record Endpoint(NodeConfig.HostPort api, NodeConfig.HostPort p2pListen, String advertisedHost) {
    String peerAddress(NodeHome home) throws ConfigException {
      return NodeId.of(KeyFile.read(home.nodeKey()).publicKey()).hex()
          + "@"
          + advertisedHost
          + ":"
          + p2pListen.port();
    }
  }

  /**
   * Rewrites each home's config.toml with its endpoint and the others as persistent peers; returns
   * each node's P2P address ({@code id@host:port}) in home order.
   */
  static List<String> wire(List<NodeHome> homes, List<Endpoint> endpoints) throws ConfigException {
    if (homes.size() != endpoints.size()) {
      throw new IllegalArgumentException(
          homes.size() + " homes but " + endpoints.size() + " endpoints");
    }
    List<String> addresses = new ArrayList<>();
    for (int i = 0; i < homes.size(); i++) {
      addresses.add(endpoints.get(i).peerAddress(homes.get(i)));
    }
    for (int i = 0; i < homes.size(); i++) {
      NodeHome home = homes.get(i);
      List<String> peers = new ArrayList<>(addresses);
      peers.remove(i);
      NodeConfig config =
          ConfigFile.read(home.configToml())
              .withApiListen(endpoints.get(i).api())
              .withP2p(new NodeConfig.P2p(Optional.of(endpoints.get(i).p2pListen()), peers));
      try {
        ConfigFile.write(home.configToml(), config);
      } catch (IOException e) {
        throw new ConfigException("cannot write " + home.configToml() + ": " + e.getMessage(), e);
      }
    }
    return addresses;
  }
}
