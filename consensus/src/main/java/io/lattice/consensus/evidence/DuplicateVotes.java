package io.lattice.consensus.evidence;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.lattice.consensus.block.BlockHashes;
import io.lattice.consensus.block.Votes;
import io.lattice.crypto.Hashes;
import io.lattice.proto.consensus.v1.DuplicateVoteEvidence;
import io.lattice.proto.consensus.v1.EvidenceVote;
import io.lattice.proto.consensus.v1.Vote;
import io.lattice.proto.types.v1.Timestamp;
import io.lattice.proto.types.v1.Validator;
import io.lattice.proto.types.v1.ValidatorSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Building, encoding and hashing {@link DuplicateVoteEvidence}. The encoding is the protobuf
 * encoding of the message with vote_a's block id hash sorting before vote_b's (unsigned bytes), so
 * every node that sees the same pair of votes, in either order, produces identical bytes.
 */
public final class DuplicateVotes {
  private DuplicateVotes() {}

  /**
   * Evidence of the two conflicting votes, in canonical order, with the powers of {@code
   * validators} (the set at the votes' height) and {@code blockTime} (the time of the block at that
   * height). The result still has to pass {@link EvidenceVerifier#verify}.
   *
   * @throws IllegalArgumentException when the signer is not in {@code validators}
   */
  public static DuplicateVoteEvidence of(
      EvidenceVote x, EvidenceVote y, ValidatorSet validators, Timestamp blockTime) {
    boolean xFirst =
        Arrays.compareUnsigned(
                x.getBlockId().getHash().toByteArray(), y.getBlockId().getHash().toByteArray())
            <= 0;
    Validator v =
        validator(validators, x.getValidatorAddress())
            .orElseThrow(() ->
                new IllegalArgumentException(
                    "vote signer "
                        + io.lattice.common.Hex.encode(x.getValidatorAddress().toByteArray())
                        + " is not in the validator set"));
    return DuplicateVoteEvidence.newBuilder()
        .setVoteA(xFirst ? x : y)
        .setVoteB(xFirst ? y : x)
        .setTotalVotingPower(totalPower(validators))
        .setValidatorPower(v.getVotingPower())
        .setTimestamp(blockTime)
        .build();
  }

  /**
   * Evidence of two votes the Tendermint core found conflicting (its {@code Equivocation} action),
   * with the set and block time at their height.
   *
   * @throws IllegalArgumentException when the signer is not in {@code validators}
   */
  public static DuplicateVoteEvidence of(
      Vote first, Vote second, ValidatorSet validators, Timestamp blockTime) {
    return of(evidenceVote(first), evidenceVote(second), validators, blockTime);
  }

  /** A consensus vote as evidence carries it (without its chain id, which verification binds). */
  public static EvidenceVote evidenceVote(Vote vote) {
    return EvidenceVote.newBuilder()
        .setType(vote.getType())
        .setHeight(vote.getHeight())
        .setRound(vote.getRound())
        .setBlockId(vote.getBlockId())
        .setTimestamp(vote.getTimestamp())
        .setValidatorAddress(vote.getValidatorAddress())
        .setSignature(vote.getSignature())
        .build();
  }

  /** The bytes a validator signed for {@code vote} on {@code chainId}. */
  public static byte[] signBytes(String chainId, EvidenceVote vote) {
    return Votes.signBytes(
        chainId,
        vote.getType(),
        vote.getHeight(),
        vote.getRound(),
        vote.getBlockId(),
        vote.getTimestamp());
  }

  public static byte[] encode(DuplicateVoteEvidence evidence) {
    return evidence.toByteArray();
  }

  /**
   * Decodes evidence as a block carries it; only canonical encodings are accepted, so that the
   * evidence hash of a block is a function of the evidence it holds.
   *
   * @throws IllegalArgumentException naming why the bytes are not canonical evidence
   */
  public static DuplicateVoteEvidence decode(byte[] bytes) {
    DuplicateVoteEvidence ev;
    try {
      ev = DuplicateVoteEvidence.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("evidence does not decode: " + e.getMessage(), e);
    }
    if (!Arrays.equals(ev.toByteArray(), bytes)) {
      throw new IllegalArgumentException("evidence is not canonically encoded");
    }
    return ev;
  }

  /** SHA-256 of the encoding: the evidence's identity in the pool. */
  public static byte[] hash(DuplicateVoteEvidence evidence) {
    return Hashes.sha256(evidence.toByteArray());
  }

  /**
   * The header's {@code evidence_hash}: the RFC 9162 Merkle root of the evidence encodings in block
   * order ({@code SHA-256("")} for none, as the single-validator engine writes).
   */
  public static byte[] root(List<DuplicateVoteEvidence> evidence) {
    List<byte[]> leaves = new ArrayList<>(evidence.size());
    for (DuplicateVoteEvidence e : evidence) {
      leaves.add(e.toByteArray());
    }
    return BlockHashes.evidence(leaves);
  }

  static Optional<Validator> validator(ValidatorSet set, ByteString address) {
    for (Validator v : set.getValidatorsList()) {
      if (v.getAddress().equals(address)) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }

  static long totalPower(ValidatorSet set) {
    long total = 0;
    for (Validator v : set.getValidatorsList()) {
      total = Math.addExact(total, v.getVotingPower());
    }
    return total;
  }
}
