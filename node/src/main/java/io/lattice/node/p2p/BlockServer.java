package io.lattice.node.p2p;

import io.lattice.consensus.BlockLedger;
import io.lattice.p2p.NodeId;
import io.lattice.p2p.peer.Switch;
import io.lattice.proto.p2p.v1.BlockSyncMessage;
import io.lattice.proto.types.v1.Block;
import io.lattice.proto.types.v1.Commit;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving half of block sync: answers status and block requests from the {@link BlockLedger} on
 * a thread of its own, at most {@code maxServedPerPeer} requests of one peer at a time. A request
 * beyond that is answered {@code NoBlock} at once and costs the peer {@value
 * BlockSync#FLOOD_PENALTY} points. Thread-safe.
 */
final class BlockServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BlockServer.class);

  private final Switch network;
  private final BlockLedger chain;
  private final int maxServedPerPeer;
  private final RequestQueue requests;
  private volatile long base;

  BlockServer(Switch network, BlockLedger chain, int maxServedPerPeer) {
    this.network = network;
    this.chain = chain;
    this.maxServedPerPeer = maxServedPerPeer;
    this.requests = new RequestQueue("block-sync-serve-" + network.nodeId(), maxServedPerPeer);
  }

  /** Answers {@code request} (a status or block request) of {@code peer}, later. */
  void serve(NodeId peer, BlockSyncMessage request) {
    if (!requests.submit(peer, () -> send(peer, answer(request)))) {
      network.penalize(
          peer,
          BlockSync.FLOOD_PENALTY,
          "more than " + maxServedPerPeer + " block-sync requests at once");
      if (request.hasBlockRequest()) {
        send(peer, SyncMessages.noBlock(request.getBlockRequest().getHeight()));
      }
    }
  }

  /** Forgets the count of a peer that disconnected. */
  void forget(NodeId peer) {
    requests.forget(peer);
  }

  private void send(NodeId peer, BlockSyncMessage m) {
    network.send(peer, BlockSync.CHANNEL, m.toByteArray());
  }

  private BlockSyncMessage answer(BlockSyncMessage request) {
    if (request.hasStatusRequest()) {
      long height = chain.latestHeight();
      return SyncMessages.statusResponse(base(height), height);
    }
    long h = request.getBlockRequest().getHeight();
    if (h < 1 || h > chain.latestHeight()) {
      return SyncMessages.noBlock(h);
    }
    Optional<Block> block = chain.block(h);
    Optional<Commit> commit = chain.commit(h);
    if (block.isEmpty() || commit.isEmpty()) {
      return SyncMessages.noBlock(h);
    }
    BlockSyncMessage response = SyncMessages.blockResponse(block.get(), commit.get());
    if (response.getSerializedSize() > BlockSync.MAX_MESSAGE_BYTES) {
      log.warn(
          "block sync: block {} is {} bytes with its commit, above the channel limit {}",
          h,
          response.getSerializedSize(),
          BlockSync.MAX_MESSAGE_BYTES);
      return SyncMessages.noBlock(h);
    }
    return response;
  }

  /**
   * The lowest stored height when the latest is {@code height}: it only changes from 0 to a first
   * value, so it is searched for once.
   */
  long base(long height) {
    if (height == 0) {
      return 0;
    }
    long b = base;
    if (b >= 1 && b <= height) {
      return b;
    }
    base = chain.earliestHeight();
    return base;
  }

  @Override
  public void close() {
    requests.close();
  }
}
