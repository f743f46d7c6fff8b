package io.lattice.consensus.tendermint;

import io.lattice.consensus.block.Votes;
import io.lattice.proto.consensus.v1.Proposal;
import io.lattice.proto.consensus.v1.Vote;

/**
 * The bytes signed for votes and proposals: the canonical {@code CanonicalVote} of {@link Votes}
 * with the vote's type, or {@link #PROPOSAL} for a proposal (docs/spec/consensus.md, "Messages").
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

  public static byte[] proposal(String chainId, Proposal proposal) {
    return Votes.signBytes(
        chainId,
        PROPOSAL,
        proposal.getHeight(),
        proposal.getRound(),
        proposal.getBlockId(),
        proposal.getTimestamp());
  }
}
