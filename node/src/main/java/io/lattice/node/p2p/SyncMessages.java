package io.lattice.node.p2p;

import com.google.protobuf.ByteString;
import io.lattice.consensus.block.BlockHashes;
import io.lattice.proto.p2p.v1.BlockRequest;
import io.lattice.proto.p2p.v1.BlockResponse;
import io.lattice.proto.p2p.v1.BlockSyncMessage;
import io.lattice.proto.p2p.v1.NoBlock;
import io.lattice.proto.p2p.v1.StatusRequest;
import io.lattice.proto.p2p.v1.StatusResponse;
import io.lattice.proto.types.v1.Block;
import io.lattice.proto.types.v1.Commit;
import java.util.HexFormat;
import java.util.Optional;

/** Builders of the block-sync messages, and the check of a received block against its commit. */
final class SyncMessages {
  private static final HexFormat HEX = HexFormat.of();

  private SyncMessages() {}

  static BlockSyncMessage statusRequest() {
    return BlockSyncMessage.newBuilder()
        .setStatusRequest(StatusRequest.getDefaultInstance())
        .build();
  }

  static BlockSyncMessage statusResponse(long base, long height) {
    return BlockSyncMessage.newBuilder()
        .setStatusResponse(StatusResponse.newBuilder().setBase(base).setHeight(height))
        .build();
  }

  static BlockSyncMessage blockRequest(long h) {
    return BlockSyncMessage.newBuilder()
        .setBlockRequest(BlockRequest.newBuilder().setHeight(h))
        .build();
  }

  static BlockSyncMessage blockResponse(Block block, Commit commit) {
    return BlockSyncMessage.newBuilder()
        .setBlockResponse(BlockResponse.newBuilder().setBlock(block).setCommit(commit))
        .build();
  }

  static BlockSyncMessage noBlock(long h) {
    return BlockSyncMessage.newBuilder().setNoBlock(NoBlock.newBuilder().setHeight(h)).build();
  }

  /**
   * What makes a block and commit pair impossible whatever the validator set: the engine checks the
   * signatures, this only that the commit is for this block.
   */
  static Optional<String> inconsistency(Block block, Commit commit) {
    if (!block.hasHeader()) {
      return Optional.of("no header");
    }
    long h = block.getHeader().getHeight();
    if (h < 1) {
      return Optional.of("height 0");
    }
    if (commit.getHeight() != h) {
      return Optional.of("its commit is for height " + commit.getHeight());
    }
    ByteString hash = ByteString.copyFrom(BlockHashes.header(block.getHeader()));
    if (!commit.getBlockId().getHash().equals(hash)) {
      return Optional.of(
          "its commit is for block "
              + HEX.formatHex(commit.getBlockId().getHash().toByteArray())
              + ", not "
              + HEX.formatHex(hash.toByteArray()));
    }
    if (commit.getSignaturesCount() == 0) {
      return Optional.of("its commit has no signatures");
    }
    return Optional.empty();
  }
}
