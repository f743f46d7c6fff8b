package io.lattice.p2p.peer;

import io.lattice.p2p.ChannelHandler;
import io.lattice.p2p.NodeId;
import io.lattice.p2p.P2pConfig;
import io.lattice.p2p.PeerInfo;
import io.lattice.p2p.PeerListener;
import io.lattice.p2p.TestKeys;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/** Switches on 127.0.0.1 with ephemeral ports, closed together at the end of a test. */
final class Nodes implements AutoCloseable {
  private final List<Switch> all = new ArrayList<>();

  static P2pConfig.Builder base() {
    return P2pConfig.builder()
        .ioThreads(1)
        .handshakeTimeout(Duration.ofSeconds(5))
        .dialTimeout(Duration.ofSeconds(2))
        .redial(Duration.ofMillis(50), Duration.ofMillis(500));
  }

  Switch start(int key) throws IOException {
    return start(key, b -> b);
  }

  Switch start(int key, UnaryOperator<P2pConfig.Builder> tweak) throws IOException {
    Switch s = new Switch(TestKeys.key(key), tweak.apply(base()).build());
    all.add(s);
    s.start();
    return s;
  }

  @Override
  public void close() {
    all.forEach(Switch::close);
  }

  /** A message as a handler saw it. */
  record Received(NodeId from, int channel, byte[] message) {
    String text() {
      return new String(message, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /** Records every message of the channels it is registered on. */
  static final class Inbox {
    final List<Received> messages = new CopyOnWriteArrayList<>();

    ChannelHandler on(int channel) {
      return (peer, message) -> messages.add(new Received(peer, channel, message));
    }

    List<String> texts() {
      return messages.stream().map(Received::text).toList();
    }
  }

  /** Records connects and disconnects. */
  static final class Events implements PeerListener {
    final List<NodeId> connected = new CopyOnWriteArrayList<>();
    final List<String> disconnected = new CopyOnWriteArrayList<>();

    @Override
    public void connected(PeerInfo peer) {
      connected.add(peer.id());
    }

    @Override
    public void disconnected(NodeId peer, String reason) {
      disconnected.add(peer + ": " + reason);
    }
  }
}
