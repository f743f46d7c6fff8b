package io.lattice.p2p.discovery;

import io.lattice.p2p.NodeId;
import io.lattice.p2p.P2pConfig;
import io.lattice.p2p.PeerAddress;
import io.lattice.p2p.TestKeys;
import io.lattice.p2p.peer.Switch;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A switch that speaks the discovery protocol from a script instead of a routing table: it answers
 * PING, records every FIND_NODE and lets the script answer it (possibly with lies).
 */
final class ScriptedPeer implements AutoCloseable {
  /** Answers a FIND_NODE; may send anything to the asker through {@code network}. */
  interface Script {
    void findNode(Switch network, NodeId from, DiscoveryMessage.FindNode request);
  }

  final Switch network;
  final List<NodeId> findNodeTargets = new CopyOnWriteArrayList<>();

  ScriptedPeer(int key, Script script) throws IOException {
    network = new Switch(TestKeys.key(key), P2pConfig.builder().ioThreads(1).build());
    var unused =
        network.onReceive(
            Discovery.CHANNEL,
            (from, bytes) -> {
              switch (DiscoveryMessage.decode(bytes)) {
                case DiscoveryMessage.Ping p ->
                    network.send(
                        from,
                        Discovery.CHANNEL,
                        new DiscoveryMessage.Pong(p.requestId(), port()).encode());
                case DiscoveryMessage.FindNode f -> {
                  findNodeTargets.add(f.target());
                  script.findNode(network, from, f);
                }
                case DiscoveryMessage.Pong p -> {}
                case DiscoveryMessage.Nodes n -> {}
              }
            });
    network.start();
  }

  private int port() {
    return network.listenAddress().getPort();
  }

  PeerAddress address() {
    return network.selfAddress();
  }

  static void reply(Switch network, NodeId to, long requestId, List<PeerAddress> nodes) {
    network.send(to, Discovery.CHANNEL, new DiscoveryMessage.Nodes(requestId, nodes).encode());
  }

  @Override
  public void close() {
    network.close();
  }
}
