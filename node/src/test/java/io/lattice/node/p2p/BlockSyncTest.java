package io.lattice.node.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.lattice.consensus.BlockLedger;
import io.lattice.consensus.block.BlockHashes;
import io.lattice.node.chain.LatticeNode;
import io.lattice.node.chain.LocalNetwork;
import io.lattice.node.config.KeyFile;
import io.lattice.node.config.NodeHome;
import io.lattice.p2p.peer.Switch;
import io.lattice.proto.p2p.v1.BlockResponse;
import io.lattice.proto.p2p.v1.BlockSyncMessage;
import io.lattice.proto.p2p.v1.NoBlock;
import io.lattice.proto.p2p.v1.StatusResponse;
import io.lattice.proto.types.v1.Block;
import io.lattice.proto.types.v1.BlockId;
import io.lattice.proto.types.v1.Commit;
import io.lattice.proto.types.v1.CommitSig;
import io.lattice.proto.types.v1.Header;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Block sync between real nodes (own stores, state machines and engines) over real switches on
 * 127.0.0.1. The validators reach consensus over the in-process network; block sync is the only way
 * blocks reach the follower, and the only way a restarted validator can get the heights it missed
 * beyond the last few.
 */
class BlockSyncTest {
  /** Heights the validators build before the follower starts ({@code -Dsync.heights=500}). */
  private static final int HEIGHTS = Integer.getInteger("sync.heights", 25);

  @TempDir Path tmp;

  @Test
  void aFollowerReachedOnlyByBlockSyncCatchesUpAndBansPeersThatLie() throws Exception {
    // four validators in genesis; three run consensus, the fourth hears nothing but block sync
    List<NodeHome> homes = LocalNetwork.init(tmp, 4, SyncNodes.CHAIN);
    SyncNodes.fastRounds(homes);
    try (Switches switches = new Switches();
        LocalNetwork net = LocalNetwork.start(homes.subList(0, 3), SyncNodes.BLOCK_INTERVAL);
        Closer closer = new Closer()) {
      for (int i = 0; i < 3; i++) {
        closer.add(sync(switches.start(i), net.node(i)));
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> net.height() >= 2);
      SyncNodes.transfers(net, 20);
      await().atMost(Duration.ofMinutes(2)).until(() -> net.height() >= HEIGHTS);

      BlockLedger honest = SyncNodes.ledger(net.node(0));
      Switch garbage = switches.start(10);
      closer.add(garbage.onReceive(BlockSync.CHANNEL, (peer, m) -> sendGarbage(garbage, peer)));
      Switch forger = switches.start(11);
      AtomicInteger forged = new AtomicInteger();
      closer.add(
          forger.onReceive(
              BlockSync.CHANNEL,
              (peer, m) -> {
                if (forge(forger, honest, peer, m)) {
                  forged.incrementAndGet();
                }
              }));

      LatticeNode follower = closer.add(SyncNodes.startAlone(homes.get(3)));
      Switch followerSwitch = switches.start(3);
      BlockLedger followerLedger = SyncNodes.ledger(follower);
      long start = System.nanoTime();
      BlockSync sync = closer.add(sync(followerSwitch, follower));
      // the forger comes first, so the follower's first requests go to it
      switches.connect(forger, followerSwitch);
      await().atMost(Duration.ofSeconds(10)).until(() -> forged.get() > 0);
      for (int i = 0; i < 3; i++) {
        switches.connect(followerSwitch, switches.get(i));
      }
      // the garbage peer answers each message (status pushes included) with garbage: it may be
      // banned before the test sees it connected, so only the dial is awaited
      garbage.dial(followerSwitch.selfAddress()).get(10, TimeUnit.SECONDS);
      for (int i = 0; i < 5; i++) {
        sendGarbage(garbage, followerSwitch.nodeId());
      }

      long target = net.height();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> follower.engine().committedHeight() >= target);
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "block sync: follower synced %d blocks in %.2f s (%.1f blocks/s)%n",
          target, seconds, target / seconds);
      assertThat(sync.delivered()).isGreaterThanOrEqualTo(target);
      assertThat(sync.bestPeerHeight()).isGreaterThanOrEqualTo(target);

      // it keeps following the chain
      long later = net.height() + 5;
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> follower.engine().committedHeight() >= later);
      for (long h = 1; h <= later; h++) {
        assertThat(SyncNodes.hash(followerLedger, h))
            .as("block %d", h)
            .isEqualTo(SyncNodes.hash(honest, h));
      }
      assertThat(followerLedger.block(later).orElseThrow().getHeader().getAppHash())
          .as("the follower executed every block to the same state")
          .isEqualTo(honest.block(later).orElseThrow().getHeader().getAppHash());
      await().atMost(Duration.ofSeconds(10)).until(() -> followerSwitch.isBanned(garbage.nodeId()));
      await().atMost(Duration.ofSeconds(10)).until(() -> followerSwitch.isBanned(forger.nodeId()));
    }
  }

  @Test
  void aValidatorStoppedForManyHeightsCatchesUpAndVotesAgain() throws Exception {
    List<NodeHome> homes = LocalNetwork.init(tmp, 4, SyncNodes.CHAIN);
    SyncNodes.fastRounds(homes);
    BlockSync[] syncs = new BlockSync[4];
    try (Switches switches = new Switches();
        LocalNetwork net = LocalNetwork.start(homes, SyncNodes.BLOCK_INTERVAL);
        Closer closer = new Closer()) {
      for (int i = 0; i < 4; i++) {
        syncs[i] = closer.add(sync(switches.start(i), net.node(i)));
      }
      for (int i = 0; i < 4; i++) {
        for (int j = i + 1; j < 4; j++) {
          switches.connect(switches.get(i), switches.get(j));
        }
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> net.height() >= 3);
      syncs[3].close();
      net.stop(3);
      long target = net.node(0).engine().committedHeight() + 20;
      await().atMost(Duration.ofSeconds(60)).until(() -> net.height() >= target);

      net.start(3);
      LatticeNode restarted = net.node(3);
      syncs[3] = closer.add(sync(switches.get(3), restarted));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> restarted.engine().committedHeight() >= target);
      assertThat(syncs[3].delivered()).as("blocks that came by block sync").isPositive();
      BlockLedger ledger0 = SyncNodes.ledger(net.node(0));
      BlockLedger ledger3 = SyncNodes.ledger(restarted);
      for (long h = 1; h <= target; h++) {
        assertThat(SyncNodes.hash(ledger3, h))
            .as("block %d", h)
            .isEqualTo(SyncNodes.hash(ledger0, h));
      }

      // back in consensus: its precommits appear in the commits of new blocks
      ByteString address =
          ByteString.copyFrom(
              KeyFile.read(homes.get(3).validatorKey()).publicKey().address().bytes());
      long caughtUp = restarted.engine().committedHeight();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> {
            for (long h = caughtUp + 1; h <= ledger0.latestHeight(); h++) {
              Optional<Commit> c = ledger0.commit(h);
              if (c.isPresent() && signedBy(c.get(), address)) {
                return true;
              }
            }
            return false;
          });
    }
  }

  private static BlockSync sync(Switch network, LatticeNode node) {
    BlockSync s =
        new BlockSync(network, SyncNodes.ledger(node), node.engine(), SyncNodes.settings());
    s.start();
    return s;
  }

  private static boolean signedBy(Commit commit, ByteString address) {
    for (CommitSig sig : commit.getSignaturesList()) {
      if (sig.getValidatorAddress().equals(address) && !sig.getSignature().isEmpty()) {
        return true;
      }
    }
    return false;
  }

  private static void sendGarbage(Switch from, io.lattice.p2p.NodeId to) {
    from.send(to, BlockSync.CHANNEL, new byte[] {(byte) 0xff, 0x01, 0x02});
  }

  /**
   * Plays a peer that claims to be far ahead and serves, for each height it is asked, the real
   * block with another time and a commit rewritten to that block's hash: consistent, but the
   * signatures are not over it. True when it served such a block.
   */
  private static boolean forge(
      Switch forger, BlockLedger source, io.lattice.p2p.NodeId peer, byte[] m) {
    BlockSyncMessage request;
    try {
      request = BlockSyncMessage.parseFrom(m);
    } catch (InvalidProtocolBufferException e) {
      return false;
    }
    boolean forgedOne = false;
    BlockSyncMessage answer;
    if (request.hasStatusRequest()) {
      answer =
          BlockSyncMessage.newBuilder()
              .setStatusResponse(
                  StatusResponse.newBuilder().setBase(1).setHeight(source.latestHeight() + 1000))
              .build();
    } else if (request.hasBlockRequest()) {
      long h = request.getBlockRequest().getHeight();
      Optional<Block> real = source.block(h);
      Optional<Commit> commit = source.commit(h);
      if (real.isEmpty() || commit.isEmpty()) {
        answer =
            BlockSyncMessage.newBuilder().setNoBlock(NoBlock.newBuilder().setHeight(h)).build();
      } else {
        Header header = real.get().getHeader();
        Header forged =
            header.toBuilder()
                .setTime(header.getTime().toBuilder().setSeconds(header.getTime().getSeconds() + 1))
                .build();
        ByteString hash = ByteString.copyFrom(BlockHashes.header(forged));
        answer =
            BlockSyncMessage.newBuilder()
                .setBlockResponse(
                    BlockResponse.newBuilder()
                        .setBlock(real.get().toBuilder().setHeader(forged))
                        .setCommit(
                            commit.get().toBuilder()
                                .setBlockId(BlockId.newBuilder().setHash(hash))))
                .build();
        forgedOne = true;
      }
    } else {
      return false;
    }
    forger.send(peer, BlockSync.CHANNEL, answer.toByteArray());
    return forgedOne;
  }
}
