package io.lattice.node.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.lattice.consensus.BlockLedger;
import io.lattice.consensus.block.BlockHashes;
import io.lattice.node.chain.LatticeNode;
import io.lattice.node.chain.LocalNetwork;
import io.lattice.node.config.NodeHome;
import io.lattice.p2p.NodeId;
import io.lattice.p2p.peer.Switch;
import io.lattice.proto.p2p.v1.BlockRequest;
import io.lattice.proto.p2p.v1.BlockResponse;
import io.lattice.proto.p2p.v1.BlockSyncMessage;
import io.lattice.proto.p2p.v1.NoBlock;
import io.lattice.proto.p2p.v1.StatusRequest;
import io.lattice.proto.p2p.v1.StatusResponse;
import io.lattice.proto.types.v1.Block;
import io.lattice.proto.types.v1.BlockId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One validator running alone with block sync on its switch, and a bare switch that speaks the
 * block-sync protocol by hand: the answers it gets and the points each kind of misbehaviour costs.
 */
class BlockSyncProtocolTest {
  @TempDir Path tmp;

  @Test
  void answersStatusAndBlocksFollowsClaimedHeightsAndPenalisesEachKindOfMisbehaviour()
      throws Exception {
    List<NodeHome> homes = LocalNetwork.init(tmp, 1, SyncNodes.CHAIN);
    try (Switches switches = new Switches();
        LocalNetwork net = LocalNetwork.start(homes, SyncNodes.BLOCK_INTERVAL);
        Closer closer = new Closer()) {
      LatticeNode node = net.node(0);
      BlockLedger ledger = SyncNodes.ledger(node);
      Switch nodeSwitch = switches.start(0);
      BlockSync sync = closer.add(new BlockSync(nodeSwitch, ledger, node.engine()));
      sync.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> net.height() >= 3);

      Switch probe = switches.start(1);
      List<BlockSyncMessage> answers = new CopyOnWriteArrayList<>();
      closer.add(
          probe.onReceive(
              BlockSync.CHANNEL,
              (peer, bytes) -> {
                try {
                  answers.add(BlockSyncMessage.parseFrom(bytes));
                } catch (InvalidProtocolBufferException e) {
                  throw new IllegalStateException(e);
                }
              }));
      switches.connect(probe, nodeSwitch);
      NodeId to = nodeSwitch.nodeId();

      // it asks the new peer for its status, and answers ours
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> answers.stream().anyMatch(m -> m.hasStatusRequest()));
      send(
          probe,
          to,
          BlockSyncMessage.newBuilder()
              .setStatusRequest(StatusRequest.getDefaultInstance())
              .build());
      StatusResponse status =
          await()
              .atMost(Duration.ofSeconds(10))
              .until(() -> first(answers, BlockSyncMessage::hasStatusResponse), m -> m != null)
              .getStatusResponse();
      assertThat(status.getBase()).isEqualTo(1);
      assertThat(status.getHeight()).isGreaterThanOrEqualTo(3);

      // a stored block comes with the commit that decided it; a future one is NoBlock
      send(probe, to, request(2));
      send(probe, to, request(1_000_000));
      BlockResponse block =
          await()
              .atMost(Duration.ofSeconds(10))
              .until(() -> first(answers, BlockSyncMessage::hasBlockResponse), m -> m != null)
              .getBlockResponse();
      assertThat(block.getBlock().getHeader().getHeight()).isEqualTo(2);
      assertThat(block.getCommit().getBlockId().getHash().toByteArray())
          .isEqualTo(BlockHashes.header(block.getBlock().getHeader()));
      assertThat(block.getBlock()).isEqualTo(ledger.block(2).orElseThrow());
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() ->
              answers.stream()
                  .anyMatch(m -> m.hasNoBlock() && m.getNoBlock().getHeight() == 1_000_000));

      // a peer claiming to be far ahead is asked for the next heights; NoBlock costs nothing
      long claimed = 1_000_000;
      long before = node.engine().committedHeight();
      send(probe, to, statusResponse(1, claimed));
      await().atMost(Duration.ofSeconds(10)).until(() -> sync.bestPeerHeight() == claimed);
      assertThat(sync.catchingUp()).isTrue();
      BlockRequest asked =
          await()
              .atMost(Duration.ofSeconds(10))
              .until(() -> first(answers, BlockSyncMessage::hasBlockRequest), m -> m != null)
              .getBlockRequest();
      assertThat(asked.getHeight()).isGreaterThan(before);
      send(
          probe,
          to,
          BlockSyncMessage.newBuilder()
              .setNoBlock(NoBlock.newBuilder().setHeight(asked.getHeight()))
              .build());
      Thread.sleep(300);
      assertThat(switches.misbehaviour(0, probe.nodeId())).as("answering what was asked").isZero();

      // each kind of misbehaviour costs its points
      Block real = ledger.block(1).orElseThrow();
      send(
          probe,
          to,
          BlockSyncMessage.newBuilder()
              .setBlockResponse(
                  BlockResponse.newBuilder()
                      .setBlock(real)
                      .setCommit(ledger.commit(1).orElseThrow()))
              .build());
      awaitPoints(switches, probe, BlockSync.UNSOLICITED_PENALTY);
      send(probe, to, statusResponse(5, 4));
      awaitPoints(switches, probe, BlockSync.UNSOLICITED_PENALTY + BlockSync.MALFORMED_PENALTY);
      probe.send(to, BlockSync.CHANNEL, new byte[0]);
      awaitPoints(switches, probe, BlockSync.UNSOLICITED_PENALTY + 2 * BlockSync.MALFORMED_PENALTY);
      assertThat(nodeSwitch.isBanned(probe.nodeId())).isFalse();
      BlockSyncMessage mismatched =
          BlockSyncMessage.newBuilder()
              .setBlockResponse(
                  BlockResponse.newBuilder()
                      .setBlock(real)
                      .setCommit(
                          ledger.commit(1).orElseThrow().toBuilder()
                              .setBlockId(
                                  BlockId.newBuilder().setHash(ByteString.copyFrom(new byte[32])))))
              .build();
      send(probe, to, mismatched);
      send(probe, to, mismatched);
      await().atMost(Duration.ofSeconds(10)).until(() -> nodeSwitch.isBanned(probe.nodeId()));
      await().atMost(Duration.ofSeconds(10)).until(() -> sync.bestPeerHeight() < claimed);
      assertThat(sync.catchingUp()).isFalse();
    }
  }

  /** Waits until the node holds about {@code points} against the probe (they decay 1/s). */
  private static void awaitPoints(Switches switches, Switch probe, double points) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> switches.misbehaviour(0, probe.nodeId()) >= points - 3);
  }

  private static BlockSyncMessage first(
      List<BlockSyncMessage> messages, java.util.function.Predicate<BlockSyncMessage> kind) {
    return messages.stream().filter(kind).findFirst().orElse(null);
  }

  private static void send(Switch from, NodeId to, BlockSyncMessage m) {
    assertThat(from.send(to, BlockSync.CHANNEL, m.toByteArray())).isTrue();
  }

  private static BlockSyncMessage request(long h) {
    return BlockSyncMessage.newBuilder()
        .setBlockRequest(BlockRequest.newBuilder().setHeight(h))
        .build();
  }

  private static BlockSyncMessage statusResponse(long base, long height) {
    return BlockSyncMessage.newBuilder()
        .setStatusResponse(StatusResponse.newBuilder().setBase(base).setHeight(height))
        .build();
  }
}
