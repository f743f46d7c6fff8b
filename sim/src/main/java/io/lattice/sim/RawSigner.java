package io.lattice.sim;

import com.google.protobuf.ByteString;
import io.lattice.consensus.tendermint.SignBytes;
import io.lattice.consensus.tendermint.VoteSigner;
import io.lattice.crypto.Address;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.proto.consensus.v1.Proposal;
import io.lattice.proto.consensus.v1.Vote;

/** The Byzantine validator's signer: signs anything, with no double-sign protection. */
final class RawSigner implements VoteSigner {
  private final PrivateKeySigner key;

  RawSigner(PrivateKeySigner key) {
    this.key = key;
  }

  @Override
  public Address address() {
    return key.publicKey().address();
  }

  @Override
  public Vote signVote(String chainId, Vote vote) {
    return vote.toBuilder()
        .setSignature(ByteString.copyFrom(key.sign(SignBytes.vote(chainId, vote))))
        .build();
  }

  @Override
  public Proposal signProposal(String chainId, Proposal proposal) {
    return proposal.toBuilder()
        .setSignature(ByteString.copyFrom(key.sign(SignBytes.proposal(chainId, proposal))))
        .build();
  }
}
