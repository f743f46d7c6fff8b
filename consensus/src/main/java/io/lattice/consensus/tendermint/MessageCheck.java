package io.lattice.consensus.tendermint;

import com.google.protobuf.ByteString;
import io.lattice.consensus.block.BlockVerifier;
import io.lattice.consensus.block.InvalidBlockException;
import io.lattice.consensus.block.Votes;
import io.lattice.crypto.Address;
import io.lattice.crypto.CryptoException;
import io.lattice.proto.consensus.v1.Proposal;
import io.lattice.proto.consensus.v1.Vote;
import io.lattice.proto.types.v1.Block;
import io.lattice.proto.types.v1.Commit;
import io.lattice.proto.types.v1.Header;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Stateless checks of a received vote or proposal against a validator set (docs/spec/consensus.md,
 * "Message validity"). Each returns the reason a message is dropped, or empty when it passes.
 */
public final class MessageCheck {
  private MessageCheck() {}

  /** The block hash length; a nil vote has an empty hash. */
  public static final int HASH_BYTES = 32;

  static Address address(ByteString bytes) {
    try {
      return Address.fromBytes(bytes.toByteArray());
    } catch (CryptoException e) {
      throw new IllegalArgumentException("malformed validator address: " + e.getMessage(), e);
    }
  }

  /** Checks type, chain id, block id form, membership and signature of {@code vote}. */
  public static Optional<String> vote(String chainId, ValidatorSet validators, Vote vote) {
    if (vote.getType() != Votes.PREVOTE && vote.getType() != Votes.PRECOMMIT) {
      return Optional.of(
          "vote type " + vote.getType() + " is neither prevote (1) nor precommit (2)");
    }
    if (!vote.getChainId().equals(chainId)) {
      return Optional.of("wrong chain id " + vote.getChainId() + ", expected " + chainId);
    }
    int hashLength = vote.getBlockId().getHash().size();
    if (hashLength != 0 && hashLength != HASH_BYTES) {
      return Optional.of("block id of " + hashLength + " bytes, expected 0 (nil) or 32");
    }
    if (vote.getBlockId().getHash().isEmpty() && vote.hasTimestamp()) {
      return Optional.of("nil vote with a timestamp");
    }
    Optional<ValidatorSet.Member> signer = signer(validators, vote.getValidatorAddress());
    if (signer.isEmpty()) {
      return Optional.of(
          HexFormat.of().formatHex(vote.getValidatorAddress().toByteArray())
              + " is not a validator at height "
              + vote.getHeight());
    }
    if (!signer
        .get()
        .key()
        .verify(SignBytes.vote(chainId, vote), vote.getSignature().toByteArray())) {
      return Optional.of("bad signature on vote of " + signer.get().address());
    }
    return Optional.empty();
  }

  /**
   * Checks chain id, block id, part-set header (1 to {@code maxParts} parts), that the proposer is
   * {@code expectedProposer}'s address and the signature. Block content is checked by the core once
   * its parts are in.
   */
  public static Optional<String> proposal(
      String chainId, int maxParts, ValidatorSet.Member expectedProposer, Proposal proposal) {
    if (!proposal.getChainId().equals(chainId)) {
      return Optional.of("wrong chain id " + proposal.getChainId() + ", expected " + chainId);
    }
    if (proposal.getPolRound() < -1 || proposal.getPolRound() >= (long) proposal.getRound()) {
      return Optional.of(
          "pol round " + proposal.getPolRound() + " not in [-1, " + proposal.getRound() + ")");
    }
    if (proposal.getBlockId().getHash().size() != HASH_BYTES) {
      return Optional.of("proposal without a 32-byte block id");
    }
    if (proposal.getPartSetHeader().getHash().size() != HASH_BYTES) {
      return Optional.of("proposal without a 32-byte part-set hash");
    }
    long total = Integer.toUnsignedLong(proposal.getPartSetHeader().getTotal());
    if (total == 0 || total > maxParts) {
      return Optional.of(
          "proposal's part set of "
              + total
              + " parts is not in [1, "
              + maxParts
              + "] (block size limit)");
    }
    if (!proposal
        .getProposerAddress()
        .equals(ByteString.copyFrom(expectedProposer.address().bytes()))) {
      return Optional.of(
          "proposal from "
              + HexFormat.of().formatHex(proposal.getProposerAddress().toByteArray())
              + ", not the proposer "
              + expectedProposer.address()
              + " of round "
              + proposal.getRound());
    }
    if (!expectedProposer
        .key()
        .verify(SignBytes.proposal(chainId, proposal), proposal.getSignature().toByteArray())) {
      return Optional.of("bad signature on proposal of " + expectedProposer.address());
    }
    return Optional.empty();
  }

  /**
   * The block checks the core makes without the application (spec "Block validity", part 1):
   * height, chain id, block id, content hashes, validators hashes and the link to the last block.
   */
  public static Optional<String> block(
      String chainId,
      long height,
      ValidatorSet validators,
      ValidatorSet nextValidators,
      Commit lastCommit,
      Block block,
      ByteString blockId) {
    Header h = block.getHeader();
    if (h.getHeight() != height) {
      return Optional.of("block of height " + h.getHeight() + " in a message of height " + height);
    }
    try {
      BlockVerifier.verifyBlock(chainId, validators.toProto(), block, blockId.toByteArray());
    } catch (InvalidBlockException e) {
      return Optional.of(e.getMessage());
    }
    if (!h.getNextValidatorsHash().equals(ByteString.copyFrom(nextValidators.hash()))) {
      return Optional.of("block " + height + ": next_validators_hash differs from the next set");
    }
    if (!h.getLastBlockId().getHash().equals(lastCommit.getBlockId().getHash())) {
      return Optional.of(
          "block "
              + height
              + ": last_block_id "
              + HexFormat.of().formatHex(h.getLastBlockId().getHash().toByteArray())
              + " is not the last decided block");
    }
    return Optional.empty();
  }

  private static Optional<ValidatorSet.Member> signer(ValidatorSet validators, ByteString address) {
    if (address.size() != Address.LENGTH) {
      return Optional.empty();
    }
    return validators.member(address(address));
  }

  static String heightReason(String what, long h, long current) {
    return (h < current ? "stale height " : "future height ")
        + h
        + " of "
        + what
        + ", current height "
        + current;
  }

  static String roundReason(String what, int r, int current, int maxAhead) {
    return what
        + " for round "
        + r
        + " is more than "
        + maxAhead
        + " rounds ahead of round "
        + current;
  }
}
