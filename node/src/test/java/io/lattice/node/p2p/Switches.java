package io.lattice.node.p2p;

import io.lattice.crypto.CryptoException;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.p2p.NodeId;
import io.lattice.p2p.P2pConfig;
import io.lattice.p2p.PeerStats;
import io.lattice.p2p.peer.Switch;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/** Switches on 127.0.0.1 with ephemeral ports and fixed keys, closed together after a test. */
final class Switches implements AutoCloseable {
  private final List<Switch> all = new ArrayList<>();

  static PrivateKeySigner key(int i) {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) (0x60 + i));
    try {
      return KeyPairs.fromPrivateKey(KeyAlgorithm.ED25519, seed);
    } catch (CryptoException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Starts switch number {@code all.size()} with key {@code key}. */
  Switch start(int key) throws IOException {
    Switch s =
        new Switch(
            key(key),
            P2pConfig.builder()
                .ioThreads(1)
                .handshakeTimeout(Duration.ofSeconds(5))
                .dialTimeout(Duration.ofSeconds(2))
                .redial(Duration.ofMillis(50), Duration.ofMillis(500))
                .build());
    all.add(s);
    s.start();
    return s;
  }

  Switch get(int index) {
    return all.get(index);
  }

  /** {@code from} dials {@code to}; returns once both see the connection. */
  void connect(Switch from, Switch to) throws Exception {
    from.dial(to.selfAddress()).get(10, TimeUnit.SECONDS);
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> from.isConnected(to.nodeId()) && to.isConnected(from.nodeId()));
  }

  /** Misbehaviour points switch {@code index} holds against {@code peer} (0 when disconnected). */
  double misbehaviour(int index, NodeId peer) {
    return all.get(index).stats(peer).map(PeerStats::misbehaviour).orElse(0.0);
  }

  @Override
  public void close() {
    all.forEach(Switch::close);
  }
}
