package io.lattice.consensus.tendermint;

import com.google.protobuf.ByteString;
import io.lattice.consensus.block.BlockVerifier;
import io.lattice.consensus.block.InvalidBlockException;
import io.lattice.consensus.block.Votes;
import io.lattice.proto.consensus.v1.Vote;
import io.lattice.proto.types.v1.BlockId;
import io.lattice.proto.types.v1.BlockIdFlag;
import io.lattice.proto.types.v1.Commit;
import io.lattice.proto.types.v1.CommitSig;
import java.util.Optional;

/**
 * Commits built from the precommits of the deciding round and checked on receipt (spec "Commits").
 */
public final class Commits {
  private Commits() {}

  /**
   * The commit for {@code blockHash} at (height, round): one {@code CommitSig} per validator in set
   * order — {@code COMMIT} with its signature for a precommit of the block, {@code NIL} for a nil
   * precommit, {@code ABSENT} (no address, no signature) otherwise.
   */
  public static Commit build(
      ValidatorSet validators, VoteSet precommits, long height, int round, ByteString blockHash) {
    Commit.Builder c =
        Commit.newBuilder()
            .setHeight(height)
            .setRound(round)
            .setBlockId(BlockId.newBuilder().setHash(blockHash));
    for (ValidatorSet.Member m : validators.members()) {
      Optional<Vote> vote =
          precommits.vote(m.address(), blockHash).or(() -> precommits.vote(m.address()));
      CommitSig.Builder sig = CommitSig.newBuilder();
      if (vote.isPresent() && vote.get().getType() == Votes.PRECOMMIT) {
        Vote v = vote.get();
        ByteString hash = v.getBlockId().getHash();
        if (hash.equals(blockHash)) {
          sig.setBlockIdFlag(BlockIdFlag.BLOCK_ID_FLAG_COMMIT)
              .setValidatorAddress(v.getValidatorAddress())
              .setTimestamp(v.getTimestamp())
              .setSignature(v.getSignature());
        } else if (hash.isEmpty()) {
          sig.setBlockIdFlag(BlockIdFlag.BLOCK_ID_FLAG_NIL)
              .setValidatorAddress(v.getValidatorAddress())
              .setSignature(v.getSignature());
        } else {
          sig.setBlockIdFlag(BlockIdFlag.BLOCK_ID_FLAG_ABSENT);
        }
      } else {
        sig.setBlockIdFlag(BlockIdFlag.BLOCK_ID_FLAG_ABSENT);
      }
      c.addSignatures(sig);
    }
    return c.build();
  }

  /**
   * Why {@code commit} does not decide {@code blockHash} at {@code height} under {@code validators}
   * (+2/3 of the power in valid {@code COMMIT} signatures of distinct validators), or empty.
   */
  public static Optional<String> verify(
      String chainId, ValidatorSet validators, long height, byte[] blockHash, Commit commit) {
    try {
      BlockVerifier.verifyCommit(chainId, validators.toProto(), height, blockHash, commit);
      return Optional.empty();
    } catch (InvalidBlockException e) {
      return Optional.of(e.getMessage());
    }
  }
}
