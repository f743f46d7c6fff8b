package io.lattice.node.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
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
import io.lattice.p2p.P2pConfig;
import io.lattice.p2p.PeerAddress;
import io.lattice.p2p.peer.Switch;
import io.lattice.proto.p2p.v1.StateSyncMessage;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
      // a large state takes a while to write (snapshots due meanwhile are skipped)
      await().atMost(Duration.ofMinutes(5)).until(() -> newestSnapshot(homes.get(0)) >= snapshot);

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
      // a peer in the middle: it relays the joiner's requests to validator 0 and forges what comes
      // back (light blocks, manifests, chunks, contexts)
      AtomicInteger forged = new AtomicInteger();
      Switch forger = closer.add(forger(validators.get(0), forged));
      CompletableFuture<LatticeNode> starting =
          CompletableFuture.supplyAsync(() -> {
            try {
              return start(joinerHome);
            } catch (Exception e) {
              throw new CompletionException(e);
            }
          });
      PeerAddress joinerAddress = PeerAddress.parse(addresses.get(3));
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> {
            var unused = forger.dial(joinerAddress);
            return forger.isConnected(joinerAddress.id()) || starting.isDone();
          });
      LatticeNode joiner = closer.add(starting.get(2, TimeUnit.MINUTES));
      Switch joinerSwitch = joiner.peers().orElseThrow().network();
      assertThat(forged.get()).as("answers the forger forged").isPositive();
      assertThat(
              joinerSwitch.isBanned(forger.nodeId())
                  || joinerSwitch.stats(forger.nodeId()).orElseThrow().misbehaviour() > 0)
          .as("the forger was caught (penalty points decay by one a second)")
          .isTrue();
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
      assertThat(joiner.chain().earliestHeight()).isEqualTo(base);
      assertThat(joiner.chain().block(base))
          .as("the API serves the first stored block")
          .isPresent();

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

  /**
   * A switch connected to {@code honest} that answers a state-sync request by asking {@code honest}
   * and forging the answer: a light block's app hash, a manifest's first root, a chunk's last byte,
   * a context's results.
   */
  private static Switch forger(LatticeNode honest, AtomicInteger forged) throws Exception {
    Switch forger =
        new Switch(
            Switches.key(20),
            P2pConfig.builder()
                .networkId(SyncNodes.CHAIN)
                .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .build());
    forger.start();
    Switch target = honest.peers().orElseThrow().network();
    forger.dial(target.selfAddress()).get(10, TimeUnit.SECONDS);
    Map<String, NodeId> askedBy = new ConcurrentHashMap<>();
    forger.onReceive(
        StateSyncServer.CHANNEL,
        (peer, bytes) -> {
          if (!peer.equals(target.nodeId())) {
            askedBy.put("joiner", peer);
            forger.send(target.nodeId(), StateSyncServer.CHANNEL, bytes);
            return;
          }
          NodeId joiner = askedBy.get("joiner");
          try {
            StateSyncMessage answer = StateSyncMessage.parseFrom(bytes);
            StateSyncMessage forgedAnswer = forge(answer);
            if (!forgedAnswer.equals(answer)) {
              forged.incrementAndGet();
            }
            forger.send(joiner, StateSyncServer.CHANNEL, forgedAnswer.toByteArray());
          } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
          }
        });
    return forger;
  }

  private static StateSyncMessage forge(StateSyncMessage m) {
    StateSyncMessage.Builder b = m.toBuilder();
    switch (m.getSumCase()) {
      case LIGHT_BLOCK_RESPONSE ->
          b.getLightBlockResponseBuilder()
              .getLightBlockBuilder()
              .getSignedHeaderBuilder()
              .getHeaderBuilder()
              .setAppHash(ByteString.copyFrom(new byte[32]));
      case MANIFEST_RESPONSE -> {
        byte[] manifest = m.getManifestResponse().getManifest().toByteArray();
        manifest[manifest.length - 1] ^= 1;
        b.getManifestResponseBuilder().setManifest(ByteString.copyFrom(manifest));
      }
      case CHUNK_RESPONSE -> {
        byte[] chunk = m.getChunkResponse().getChunk().toByteArray();
        chunk[chunk.length - 1] ^= 1;
        b.getChunkResponseBuilder().setChunk(ByteString.copyFrom(chunk));
      }
      case CONTEXT -> b.getContextBuilder().clearResults();
      default -> {}
    }
    return b.build();
  }

  private static LatticeNode start(NodeHome home) throws Exception {
    return LatticeNode.start(
        home,
        LatticeNode.Options.defaults().withoutApi().withBlockInterval(SyncNodes.BLOCK_INTERVAL));
  }

  private static Path snapshotDir(NodeHome home) {
    return home.dataDir().resolve(LatticeNode.SNAPSHOT_DIR);
  }

  /** The height of the newest complete snapshot in {@code home}, 0 when none. */
  private static long newestSnapshot(NodeHome home) throws java.io.IOException {
    Path dir = snapshotDir(home);
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (var entries = Files.list(dir)) {
      return entries
          .filter(p -> Files.isRegularFile(p.resolve("manifest")))
          .mapToLong(p -> Long.parseLong(p.getFileName().toString()))
          .max()
          .orElse(0);
    }
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
