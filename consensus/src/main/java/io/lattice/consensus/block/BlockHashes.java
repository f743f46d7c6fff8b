package io.lattice.consensus.block;

import io.lattice.crypto.Hashes;
import io.lattice.crypto.merkle.MerkleTree;
import io.lattice.proto.types.v1.Commit;
import io.lattice.proto.types.v1.Header;
import io.lattice.proto.types.v1.TxResult;
import io.lattice.proto.types.v1.ValidatorSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The hashes a header commits to (docs/spec/consensus.md, "Block header"). Every Merkle root is the
 * RFC 9162 Merkle Tree Hash (leaf = SHA-256(0x00 ‖ d), node = SHA-256(0x01 ‖ l ‖ r), empty tree =
 * SHA-256 of nothing).
 */
public final class BlockHashes {
  private BlockHashes() {}

  /** The block hash: SHA-256 of the canonical header encoding. */
  public static byte[] header(Header header) {
    return Hashes.sha256(header.toByteArray());
  }

  /** {@code data_hash}: Merkle root over the SHA-256 hashes of the transactions, in block order. */
  public static byte[] data(List<byte[]> txs) {
    List<byte[]> leaves = new ArrayList<>(txs.size());
    for (byte[] tx : txs) {
      leaves.add(Hashes.sha256(tx));
    }
    return merkleRoot(leaves);
  }

  /** {@code last_results_hash}: Merkle root over the canonical encodings of the results. */
  public static byte[] results(List<TxResult> results) {
    List<byte[]> leaves = new ArrayList<>(results.size());
    for (TxResult r : results) {
      leaves.add(r.toByteArray());
    }
    return merkleRoot(leaves);
  }

  /** {@code validators_hash}: SHA-256 of the canonical validator set encoding. */
  public static byte[] validators(ValidatorSet set) {
    return Hashes.sha256(set.toByteArray());
  }

  /** {@code evidence_hash}: Merkle root over the evidence items. */
  public static byte[] evidence(List<byte[]> evidence) {
    return merkleRoot(evidence);
  }

  /**
   * {@code last_commit_hash}: SHA-256 of the canonical commit encoding; the absent commit of the
   * first block encodes to no bytes.
   */
  public static byte[] commit(Commit commit) {
    return Hashes.sha256(commit.toByteArray());
  }

  /** RFC 9162 section 2.1.1 Merkle Tree Hash of {@code leaves}. */
  public static byte[] merkleRoot(List<byte[]> leaves) {
    return MerkleTree.ofLeaves(leaves).root();
  }
}
