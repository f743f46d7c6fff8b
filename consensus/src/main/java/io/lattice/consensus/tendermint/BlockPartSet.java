package io.lattice.consensus.tendermint;

import com.google.protobuf.ByteString;
import io.lattice.crypto.CryptoException;
import io.lattice.crypto.merkle.InclusionProof;
import io.lattice.crypto.merkle.MerkleTree;
import io.lattice.proto.consensus.v1.BlockPart;
import io.lattice.proto.consensus.v1.PartSetHeader;
import io.lattice.proto.types.v1.Block;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A block cut into {@link BlockPart}s for transfer (docs/spec/consensus.md, "Block transfer"): the
 * canonical block encoding in slices of {@link CoreConfig#BLOCK_PART_SIZE} bytes, the last one
 * shorter, each with the RFC 9162 inclusion proof of its leaf in the tree over all slices, whose
 * root is {@link PartSetHeader#getHash()}.
 */
public record BlockPartSet(PartSetHeader header, List<BlockPart> parts) {
  /** Longest audit path accepted: far above the depth of any part set under the size limit. */
  public static final int MAX_PROOF_HASHES = 32;

  public BlockPartSet {
    parts = List.copyOf(parts);
  }

  /** Cuts {@code block}'s canonical encoding into the parts of (height, round). */
  public static BlockPartSet of(long height, int round, Block block) {
    return of(height, round, block.toByteArray());
  }

  /**
   * Cuts {@code encoding} into the parts of (height, round); an empty encoding is one empty part.
   */
  public static BlockPartSet of(long height, int round, byte[] encoding) {
    List<byte[]> slices = new ArrayList<>();
    for (int from = 0; from < encoding.length; from += CoreConfig.BLOCK_PART_SIZE) {
      slices.add(
          Arrays.copyOfRange(
              encoding, from, Math.min(encoding.length, from + CoreConfig.BLOCK_PART_SIZE)));
    }
    if (slices.isEmpty()) {
      slices.add(new byte[0]);
    }
    MerkleTree tree = MerkleTree.ofLeaves(slices);
    List<BlockPart> parts = new ArrayList<>(slices.size());
    for (int i = 0; i < slices.size(); i++) {
      BlockPart.Builder part =
          BlockPart.newBuilder()
              .setHeight(height)
              .setRound(round)
              .setIndex(i)
              .setBytes(ByteString.copyFrom(slices.get(i)));
      for (byte[] sibling : tree.inclusionProof(i).path()) {
        part.addProof(ByteString.copyFrom(sibling));
      }
      parts.add(part.build());
    }
    PartSetHeader header =
        PartSetHeader.newBuilder()
            .setTotal(slices.size())
            .setHash(ByteString.copyFrom(tree.root()))
            .build();
    return new BlockPartSet(header, parts);
  }

  /**
   * Why {@code part} is not part {@code part.index} of the part set {@code header}, or empty when
   * it is: index below the total, at most {@link CoreConfig#BLOCK_PART_SIZE} bytes, and an
   * inclusion proof that leads to the header's hash.
   */
  public static Optional<String> verify(PartSetHeader header, BlockPart part) {
    long index = Integer.toUnsignedLong(part.getIndex());
    long total = Integer.toUnsignedLong(header.getTotal());
    if (index >= total) {
      return Optional.of(
          "block part index " + index + " is not below the part set's total of " + total);
    }
    if (part.getBytes().size() > CoreConfig.BLOCK_PART_SIZE) {
      return Optional.of(oversized(part));
    }
    if (part.getProofCount() > MAX_PROOF_HASHES) {
      return Optional.of(
          "block part proof of " + part.getProofCount() + " hashes, limit " + MAX_PROOF_HASHES);
    }
    List<byte[]> path = new ArrayList<>(part.getProofCount());
    for (ByteString sibling : part.getProofList()) {
      path.add(sibling.toByteArray());
    }
    try {
      new InclusionProof(index, total, path)
          .verify(
              MerkleTree.leafHash(part.getBytes().toByteArray()), header.getHash().toByteArray());
    } catch (CryptoException e) {
      return Optional.of(
          "block part "
              + index
              + " of "
              + part.getHeight()
              + "/"
              + part.getRound()
              + " has a bad proof: "
              + e.getMessage());
    }
    return Optional.empty();
  }

  static String oversized(BlockPart part) {
    return "oversized block part: "
        + part.getBytes().size()
        + " bytes, limit "
        + CoreConfig.BLOCK_PART_SIZE;
  }
}
