package io.lattice.consensus.tendermint;

import io.lattice.consensus.block.Votes;
import io.lattice.proto.consensus.v1.CanonicalProposal;
import io.lattice.proto.consensus.v1.PartSetHeader;
import io.lattice.proto.consensus.v1.Proposal;
import io.lattice.proto.consensus.v1.Vote;
import io.lattice.proto.types.v1.BlockId;
import io.lattice.proto.types.v1.Timestamp;

/**
 * The bytes signed for votes and proposals: the canonical {@code CanonicalVote} of {@link Votes}
 * with the vote's type for votes; for a proposal the {@link CanonicalProposal}, the same fields
 * with type {@link #PROPOSAL} followed by the part-set header (docs/spec/consensus.md, "Messages").
 */
public final class SignBytes {
  /** Type of a proposal in its sign bytes (Tendermint's SignedMsgType 32). */
  public static final int PROPOSAL = 32;

  private SignBytes() {}

  public static byte[] vote(String chainId, Vote vote) {
    return Votes.signBytes(
        chainId,
        vote.getType(),
        vote.getHeight(),
        vote.getRound(),
        vote.getBlockId(),
        vote.getTimestamp());
  }

  /** The canonical {@link CanonicalProposal} encoding: a canonical vote plus the part set. */
  public static byte[] proposal(String chainId, Proposal proposal) {
    return proposal(
        chainId,
        proposal.getHeight(),
        proposal.getRound(),
        proposal.getBlockId(),
        proposal.getPartSetHeader(),
        proposal.getTimestamp());
  }

  public static byte[] proposal(
      String chainId,
      long height,
      int round,
      BlockId blockId,
      PartSetHeader partSetHeader,
      Timestamp timestamp) {
    return CanonicalProposal.newBuilder()
        .setType(PROPOSAL)
        .setHeight(height)
        .setRound(round)
        .setBlockId(blockId)
        .setTimestamp(timestamp)
        .setChainId(chainId)
        .setPartSetHeader(partSetHeader)
        .build()
        .toByteArray();
  }
}
