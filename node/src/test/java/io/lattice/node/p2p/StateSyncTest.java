package io.lattice.node.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lattice.consensus.BlockLedger;
import io.lattice.crypto.Address;
import io.lattice.distribution.app.PosGenesis;
import io.lattice.node.chain.LatticeNode;
import io.lattice.node.chain.LocalNetwork;
import io.lattice.node.config.ConfigFile;
import io.lattice.node.config.KeyFile;
import io.lattice.node.config.NodeConfig;
import io.lattice.node.config.NodeHome;
import io.lattice.p2p.NodeId;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * State sync between real nodes over real switches on 127.0.0.1: three validators take a snapshot
 * every {@value #INTERVAL} heights; a new full node with {@code statesync.enable} restores the
 * newest one (verified from genesis by its light client), then block-syncs and follows the chain.
 */
class StateSyncTest {
  private static final int INTERVAL = 10;

  /** Snapshots kept: enough that the ones offered survive the joiner's discovery. */
  private static final int KEEP = 20;

  /** Accounts funded in genesis besides the nodes' ({@code -Dstatesync.accounts=100000}). */
  private static final int EXTRA_ACCOUNTS = Integer.getInteger("statesync.accounts", 3000);

  @TempDir Path tmp;

  @Test
  void aNewNodeRestoresTheNewestSnapshotThenFollowsTheChain() throws Exception {
    Random rnd = new Random(42);
    List<PosGenesis.Balance> extra = new ArrayList<>();
    for (int i = 0; i < EXTRA_ACCOUNTS; i++) {
      byte[] a = new byte[Address.LENGTH];
      rnd.nextBytes(a);
      extra.add(new PosGenesis.Balance(Address.fromBytes(a).toString(), BigInteger.valueOf(i + 1)));
    }
    List<NodeHome> homes = new ArrayList<>(LocalNetwork.init(tmp, 3, SyncNodes.CHAIN, extra));
    homes.add(SyncNodes.followerHome(tmp.resolve("joiner"), homes));
    SyncNodes.fastRounds(homes);
    List<String> addresses = wire(homes);
    try (Closer closer = new Closer()) {
      List<LatticeNode> validators = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        validators.add(closer.add(start(homes.get(i))));
      }
      long snapshot = 2 * INTERVAL;
      await()
          .atMost(Duration.ofMinutes(2))
          .until(() -> validators.get(0).engine().committedHeight() >= snapshot + 2);
      assertThat(Files.isDirectory(snapshotDir(homes.get(0)).resolve(Long.toString(snapshot))))
          .isTrue();

      NodeHome joinerHome = homes.get(3);
      NodeConfig c = ConfigFile.read(joinerHome.configToml());
      ConfigFile.write(
          joinerHome.configToml(),
          c.withP2p(new NodeConfig.P2p(c.p2p().listen(), addresses.subList(0, 3)))
              .withStateSync(
                  new NodeConfig.StateSync(
                      true,
                      0,
                      2,
                      Duration.ofSeconds(5),
                      NodeConfig.StateSync.DEFAULTS.trustPeriod())));
      LatticeNode joiner = closer.add(start(joinerHome));
      StateSyncClient.Restored restored = joiner.restoredSnapshot().orElseThrow();
      System.out.printf(
          "state sync: restored height %d, %d keys in %d chunks, in %d ms%n",
          restored.height(), restored.keys(), restored.chunks(), restored.took().toMillis());
      BlockLedger joined = joiner.blocks();
      long base = firstStored(joined);
      assertThat(base).as("restored at a snapshot height").isEqualTo(restored.height());
      assertThat(base).isGreaterThanOrEqualTo(snapshot);
      assertThat(base % INTERVAL).isZero();
      assertThat(joined.block(1)).as("no history before the snapshot").isEmpty();

      long later = validators.get(0).engine().committedHeight() + 5;
      await().atMost(Duration.ofMinutes(1)).until(() -> joiner.engine().committedHeight() >= later);
      BlockLedger honest = validators.get(0).blocks();
      for (long h = base; h <= later; h++) {
        assertThat(SyncNodes.hash(joined, h))
            .as("block %d", h)
            .isEqualTo(SyncNodes.hash(honest, h));
      }
      assertThat(joined.appHash(later).orElseThrow())
          .isEqualTo(honest.appHash(later).orElseThrow());
      String someone = extra.get(EXTRA_ACCOUNTS / 2).address();
      assertThat(joiner.chain().account(someone).orElseThrow().balances())
          .isEqualTo(validators.get(0).chain().account(someone).orElseThrow().balances());
    }
  }

  private static LatticeNode start(NodeHome home) throws Exception {
    return LatticeNode.start(
        home,
        LatticeNode.Options.defaults().withoutApi().withBlockInterval(SyncNodes.BLOCK_INTERVAL));
  }

  private static Path snapshotDir(NodeHome home) {
    return home.dataDir().resolve(LatticeNode.SNAPSHOT_DIR);
  }

  /** The lowest height whose block {@code ledger} stores. */
  private static long firstStored(BlockLedger ledger) {
    for (long h = 1; h <= ledger.latestHeight(); h++) {
      if (ledger.block(h).isPresent()) {
        return h;
      }
    }
    throw new AssertionError("no blocks stored");
  }

  /**
   * Gives every home a free P2P port on 127.0.0.1 and the validators (the first three) each other
   * as persistent peers, with a snapshot every {@value #INTERVAL} heights; returns the addresses.
   */
  private static List<String> wire(List<NodeHome> homes) throws Exception {
    List<String> addresses = new ArrayList<>();
    List<Integer> ports = new ArrayList<>();
    for (NodeHome home : homes) {
      int port;
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = s.getLocalPort();
      }
      ports.add(port);
      addresses.add(
          NodeId.of(KeyFile.read(home.nodeKey()).publicKey()).hex() + "@127.0.0.1:" + port);
    }
    for (int i = 0; i < homes.size(); i++) {
      List<String> peers = new ArrayList<>(addresses.subList(0, 3));
      peers.remove(addresses.get(i));
      NodeConfig c = ConfigFile.read(homes.get(i).configToml());
      ConfigFile.write(
          homes.get(i).configToml(),
          c.withP2p(
                  new NodeConfig.P2p(
                      Optional.of(new NodeConfig.HostPort("127.0.0.1", ports.get(i))), peers))
              .withStateSync(
                  new NodeConfig.StateSync(
                      false,
                      INTERVAL,
                      KEEP,
                      Duration.ofSeconds(5),
                      NodeConfig.StateSync.DEFAULTS.trustPeriod())));
    }
    return addresses;
  }
}
