package io.lattice.consensus.privval;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.lattice.consensus.tendermint.SigningRefusedException;
import io.lattice.consensus.tendermint.VoteSigner;
import io.lattice.crypto.Address;
import io.lattice.proto.consensus.v1.CanonicalProposal;
import io.lattice.proto.consensus.v1.Proposal;
import io.lattice.proto.consensus.v1.Vote;
import io.lattice.proto.types.v1.Timestamp;
import java.util.Objects;

/**
 * The Tendermint core's {@link VoteSigner} port over a {@link FilePrivValidator}: every vote and
 * proposal goes through the double-sign protection, and its state is durable before the signed
 * message is returned.
 *
 * <p>The port promises that only the signature changes. A request that matches the stored signature
 * except for its timestamp would need the stored timestamp, so it is refused instead (the core
 * gives votes for one block the same timestamp, so it never asks for that).
 */
public final class PrivValidatorVoteSigner implements VoteSigner {
  private final FilePrivValidator validator;

  public PrivValidatorVoteSigner(FilePrivValidator validator) {
    this.validator = Objects.requireNonNull(validator, "validator");
  }

  @Override
  public Address address() {
    return validator.publicKey().address();
  }

  @Override
  public Vote signVote(String chainId, Vote vote) throws SigningRefusedException {
    SignedVote signed;
    try {
      signed =
          validator.signVote(
              chainId,
              vote.getType(),
              vote.getHeight(),
              vote.getRound(),
              vote.getBlockId(),
              vote.getTimestamp());
    } catch (SignRefusedException e) {
      throw new SigningRefusedException(e.getMessage());
    }
    requireSameTimestamp(
        vote.getTimestamp(), signed.timestamp(), vote.getHeight(), vote.getRound());
    return vote.toBuilder().setSignature(ByteString.copyFrom(signed.signature())).build();
  }

  @Override
  public Proposal signProposal(String chainId, Proposal proposal) throws SigningRefusedException {
    Signature signed;
    try {
      signed =
          validator.signProposal(
              chainId,
              proposal.getHeight(),
              proposal.getRound(),
              proposal.getBlockId(),
              proposal.getPartSetHeader(),
              proposal.getTimestamp());
    } catch (SignRefusedException e) {
      throw new SigningRefusedException(e.getMessage());
    }
    Timestamp stored;
    try {
      stored = CanonicalProposal.parseFrom(signed.signBytes()).getTimestamp();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("stored proposal sign bytes do not parse", e);
    }
    requireSameTimestamp(
        proposal.getTimestamp(), stored, proposal.getHeight(), proposal.getRound());
    return proposal.toBuilder().setSignature(ByteString.copyFrom(signed.signature())).build();
  }

  private static void requireSameTimestamp(
      Timestamp asked, Timestamp stored, long height, int round) throws SigningRefusedException {
    if (!asked.equals(stored)) {
      throw new SigningRefusedException(
          "already signed this message at "
              + height
              + "/"
              + round
              + " with timestamp "
              + stored.getSeconds()
              + "."
              + stored.getNanos()
              + "; asked for "
              + asked.getSeconds()
              + "."
              + asked.getNanos());
    }
  }
}
