package io.lattice.consensus.evidence;

import io.lattice.common.Hex;
import io.lattice.consensus.block.Votes;
import io.lattice.crypto.CryptoException;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.PublicKey;
import io.lattice.proto.consensus.v1.DuplicateVoteEvidence;
import io.lattice.proto.consensus.v1.EvidenceVote;
import io.lattice.proto.types.v1.Validator;
import io.lattice.proto.types.v1.ValidatorSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * Checks duplicate-vote evidence as CometBFT's {@code VerifyDuplicateVote} does: the two votes are
 * by one validator, at one (height, round, type), for different blocks, in canonical order, both
 * validly signed on this chain; the validator was in the set at that height with the recorded
 * power; and the evidence is not older than both age limits.
 */
public final class EvidenceVerifier {
  private EvidenceVerifier() {}

  /**
   * @param validators the validator set at the evidence height
   * @param blockTime the time of the block at the evidence height
   * @param currentHeight the height of the latest committed block
   * @param currentTime the time of the latest committed block
   */
  public static Verification verify(
      DuplicateVoteEvidence evidence,
      ValidatorSet validators,
      Instant blockTime,
      String chainId,
      long currentHeight,
      Instant currentTime,
      EvidenceParams params) {
    Verification shape = checkVotes(evidence);
    if (!shape.isValid()) {
      return shape;
    }
    EvidenceVote a = evidence.getVoteA();
    EvidenceVote b = evidence.getVoteB();
    long height = a.getHeight();
    if (height > currentHeight) {
      return invalid(
          Verification.Reason.UNKNOWN_HEIGHT,
          "evidence height " + height + " is above the current height " + currentHeight);
    }
    Instant evidenceTime = Votes.instant(evidence.getTimestamp());
    if (!evidenceTime.equals(blockTime)) {
      return invalid(
          Verification.Reason.TIMESTAMP_MISMATCH,
          "evidence time "
              + evidenceTime
              + " differs from the time "
              + blockTime
              + " of block "
              + height);
    }
    long ageBlocks = currentHeight - height;
    Duration ageTime = Duration.between(blockTime, currentTime);
    if (ageBlocks > params.maxAgeNumBlocks() && ageTime.compareTo(params.maxAgeDuration()) > 0) {
      return invalid(
          Verification.Reason.TOO_OLD,
          "evidence from height "
              + height
              + " is "
              + ageBlocks
              + " blocks and "
              + ageTime
              + " old; the limits are "
              + params.maxAgeNumBlocks()
              + " blocks and "
              + params.maxAgeDuration());
    }
    Optional<Validator> member = DuplicateVotes.validator(validators, a.getValidatorAddress());
    if (member.isEmpty()) {
      return invalid(
          Verification.Reason.NOT_A_VALIDATOR,
          hex(a.getValidatorAddress().toByteArray()) + " was not a validator at height " + height);
    }
    Validator v = member.get();
    long total = DuplicateVotes.totalPower(validators);
    if (evidence.getValidatorPower() != v.getVotingPower()
        || evidence.getTotalVotingPower() != total) {
      return invalid(
          Verification.Reason.POWER_MISMATCH,
          "evidence records power "
              + evidence.getValidatorPower()
              + " of "
              + evidence.getTotalVotingPower()
              + ", the set at height "
              + height
              + " has "
              + v.getVotingPower()
              + " of "
              + total);
    }
    PublicKey key;
    try {
      key =
          PublicKey.decode(
              KeyAlgorithm.fromId(v.getPubKey().getAlgorithm()),
              v.getPubKey().getKey().toByteArray());
    } catch (CryptoException e) {
      return invalid(
          Verification.Reason.BAD_SIGNATURE,
          "validator key of "
              + hex(v.getAddress().toByteArray())
              + " is invalid: "
              + e.getMessage());
    }
    String[] names = {"vote_a", "vote_b"};
    EvidenceVote[] votes = {a, b};
    for (int i = 0; i < 2; i++) {
      EvidenceVote vote = votes[i];
      if (!key.verify(DuplicateVotes.signBytes(chainId, vote), vote.getSignature().toByteArray())) {
        return invalid(
            Verification.Reason.BAD_SIGNATURE,
            names[i]
                + " (block "
                + describe(vote.getBlockId().getHash().toByteArray())
                + ") has an invalid signature of "
                + hex(v.getAddress().toByteArray())
                + " on chain "
                + chainId);
      }
    }
    return new Verification.Valid();
  }

  /**
   * The checks that need no chain state: two votes by one validator at one (height, round, type),
   * for different blocks, in canonical order.
   */
  public static Verification checkVotes(DuplicateVoteEvidence evidence) {
    if (!evidence.hasVoteA() || !evidence.hasVoteB()) {
      return invalid(Verification.Reason.VOTE_MISMATCH, "evidence needs two votes");
    }
    EvidenceVote a = evidence.getVoteA();
    EvidenceVote b = evidence.getVoteB();
    if (a.getHeight() != b.getHeight()) {
      return invalid(
          Verification.Reason.VOTE_MISMATCH,
          "votes are at different heights " + a.getHeight() + " and " + b.getHeight());
    }
    if (a.getRound() != b.getRound()) {
      return invalid(
          Verification.Reason.VOTE_MISMATCH,
          "votes are in different rounds " + a.getRound() + " and " + b.getRound());
    }
    if (a.getType() != b.getType()) {
      return invalid(
          Verification.Reason.VOTE_MISMATCH,
          "votes are of different types " + a.getType() + " and " + b.getType());
    }
    if (a.getType() != Votes.PREVOTE && a.getType() != Votes.PRECOMMIT) {
      return invalid(
          Verification.Reason.VOTE_MISMATCH,
          "vote type " + a.getType() + " is neither prevote (1) nor precommit (2)");
    }
    if (!a.getValidatorAddress().equals(b.getValidatorAddress())) {
      return invalid(
          Verification.Reason.DIFFERENT_VALIDATORS,
          "votes are by different validators "
              + hex(a.getValidatorAddress().toByteArray())
              + " and "
              + hex(b.getValidatorAddress().toByteArray()));
    }
    byte[] hashA = a.getBlockId().getHash().toByteArray();
    byte[] hashB = b.getBlockId().getHash().toByteArray();
    int order = Arrays.compareUnsigned(hashA, hashB);
    if (order == 0) {
      return invalid(
          Verification.Reason.SAME_BLOCK_ID, "both votes are for block " + describe(hashA));
    }
    if (order > 0) {
      return invalid(
          Verification.Reason.NOT_CANONICAL,
          "vote_a's block id " + describe(hashA) + " must sort before vote_b's " + describe(hashB));
    }
    return new Verification.Valid();
  }

  private static Verification invalid(Verification.Reason reason, String message) {
    return new Verification.Invalid(reason, message);
  }

  private static String describe(byte[] blockHash) {
    return blockHash.length == 0 ? "nil" : hex(blockHash);
  }

  private static String hex(byte[] b) {
    return Hex.encode(b);
  }
}
