package io.lattice.consensus.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.lattice.consensus.block.Votes;
import io.lattice.crypto.Hashes;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.crypto.merkle.MerkleTree;
import io.lattice.proto.consensus.v1.DuplicateVoteEvidence;
import io.lattice.proto.consensus.v1.EvidenceVote;
import io.lattice.proto.types.v1.BlockId;
import io.lattice.proto.types.v1.Timestamp;
import io.lattice.proto.types.v1.ValidatorSet;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvidenceVerifierTest {
  static final String CHAIN = "lattice-test";
  static final Instant GENESIS = Instant.parse("2026-01-01T00:00:00Z");
  static final EvidenceParams PARAMS = new EvidenceParams(100, Duration.ofHours(1), 10_000);
  static final ValidatorSet SET = TestValidators.set(0, 10, 20, 30, 40);

  static Instant blockTime(long height) {
    return GENESIS.plusSeconds(height);
  }

  static BlockId block(String name) {
    return BlockId.newBuilder()
        .setHash(ByteString.copyFrom(Hashes.sha256(name.getBytes(StandardCharsets.UTF_8))))
        .build();
  }

  static EvidenceVote vote(
      PrivateKeySigner key, String chainId, int type, long height, int round, BlockId blockId) {
    Timestamp ts = Votes.timestamp(blockTime(height).plusMillis(500));
    EvidenceVote unsigned =
        EvidenceVote.newBuilder()
            .setType(type)
            .setHeight(height)
            .setRound(round)
            .setBlockId(blockId)
            .setTimestamp(ts)
            .setValidatorAddress(ByteString.copyFrom(key.publicKey().address().bytes()))
            .build();
    return unsigned.toBuilder()
        .setSignature(ByteString.copyFrom(key.sign(DuplicateVotes.signBytes(chainId, unsigned))))
        .build();
  }

  static EvidenceVote vote(int validator, long height, String block) {
    return vote(TestValidators.key(validator), CHAIN, Votes.PREVOTE, height, 0, block(block));
  }

  static DuplicateVoteEvidence evidence(int validator, long height) {
    return DuplicateVotes.of(
        vote(validator, height, "x" + height),
        vote(validator, height, "y" + height),
        SET,
        Votes.timestamp(blockTime(height)));
  }

  /** Evidence with vote_a/vote_b as given (not reordered), powers from SET. */
  static DuplicateVoteEvidence raw(EvidenceVote a, EvidenceVote b) {
    return DuplicateVoteEvidence.newBuilder()
        .setVoteA(a)
        .setVoteB(b)
        .setTotalVotingPower(100)
        .setValidatorPower(10)
        .setTimestamp(Votes.timestamp(blockTime(a.getHeight())))
        .build();
  }

  /** Orders the two votes canonically by block id hash. */
  static DuplicateVoteEvidence ordered(EvidenceVote x, EvidenceVote y) {
    boolean xFirst =
        java.util.Arrays.compareUnsigned(
                x.getBlockId().getHash().toByteArray(), y.getBlockId().getHash().toByteArray())
            < 0;
    return raw(xFirst ? x : y, xFirst ? y : x);
  }

  static Verification verify(DuplicateVoteEvidence ev) {
    return verify(ev, 10, blockTime(10));
  }

  static Verification verify(DuplicateVoteEvidence ev, long currentHeight, Instant now) {
    return EvidenceVerifier.verify(
        ev, SET, blockTime(ev.getVoteA().getHeight()), CHAIN, currentHeight, now, PARAMS);
  }

  static void assertRejected(Verification v, Verification.Reason reason, String messagePart) {
    assertThat(v).isInstanceOf(Verification.Invalid.class);
    Verification.Invalid invalid = (Verification.Invalid) v;
    assertThat(invalid.reason()).as(invalid.message()).isEqualTo(reason);
    assertThat(invalid.message()).contains(messagePart);
  }

  @Test
  void validEvidenceVerifies() {
    assertThat(verify(evidence(0, 5))).isEqualTo(new Verification.Valid());
    // precommits too
    DuplicateVoteEvidence precommits =
        DuplicateVotes.of(
            vote(TestValidators.key(2), CHAIN, Votes.PRECOMMIT, 5, 3, block("a")),
            vote(TestValidators.key(2), CHAIN, Votes.PRECOMMIT, 5, 3, BlockId.getDefaultInstance()),
            SET,
            Votes.timestamp(blockTime(5)));
    assertThat(verify(precommits).isValid()).isTrue();
    assertThat(precommits.getValidatorPower()).isEqualTo(30);
    assertThat(precommits.getTotalVotingPower()).isEqualTo(100);
  }

  @Test
  void consensusVotesBecomeEvidence() {
    EvidenceVote x = vote(3, 7, "x");
    EvidenceVote y = vote(3, 7, "y");
    io.lattice.proto.consensus.v1.Vote first = consensusVote(x);
    io.lattice.proto.consensus.v1.Vote second = consensusVote(y);
    DuplicateVoteEvidence ev =
        DuplicateVotes.of(
            /* first= */ second, /* second= */ first, SET, Votes.timestamp(blockTime(7)));
    assertThat(ev).isEqualTo(DuplicateVotes.of(x, y, SET, Votes.timestamp(blockTime(7))));
    assertThat(verify(ev).isValid()).isTrue();
  }

  private static io.lattice.proto.consensus.v1.Vote consensusVote(EvidenceVote v) {
    return io.lattice.proto.consensus.v1.Vote.newBuilder()
        .setType(v.getType())
        .setHeight(v.getHeight())
        .setRound(v.getRound())
        .setBlockId(v.getBlockId())
        .setTimestamp(v.getTimestamp())
        .setValidatorAddress(v.getValidatorAddress())
        .setChainId(CHAIN)
        .setSignature(v.getSignature())
        .build();
  }

  @Test
  void encodingIsTheSameWhicheverOrderTheVotesArrive() {
    EvidenceVote x = vote(1, 5, "x");
    EvidenceVote y = vote(1, 5, "y");
    Timestamp t = Votes.timestamp(blockTime(5));
    DuplicateVoteEvidence xy = DuplicateVotes.of(x, y, SET, t);
    DuplicateVoteEvidence yx = DuplicateVotes.of(y, x, SET, t);
    assertThat(DuplicateVotes.encode(xy)).isEqualTo(DuplicateVotes.encode(yx));
    assertThat(DuplicateVotes.hash(xy)).isEqualTo(DuplicateVotes.hash(yx));
    assertThat(
            java.util.Arrays.compareUnsigned(
                xy.getVoteA().getBlockId().getHash().toByteArray(),
                xy.getVoteB().getBlockId().getHash().toByteArray()))
        .isNegative();
    // decoding accepts exactly the canonical bytes
    assertThat(DuplicateVotes.decode(DuplicateVotes.encode(xy))).isEqualTo(xy);
  }

  @Test
  void evidenceRootIsTheRfc9162RootOfTheEncodings() {
    DuplicateVoteEvidence e1 = evidence(0, 3);
    DuplicateVoteEvidence e2 = evidence(1, 4);
    assertThat(DuplicateVotes.root(List.of()))
        .isEqualTo(Hashes.sha256(new byte[0]))
        .isEqualTo(MerkleTree.emptyRoot());
    assertThat(DuplicateVotes.root(List.of(e1, e2)))
        .isEqualTo(
            MerkleTree.nodeHash(
                MerkleTree.leafHash(e1.toByteArray()), MerkleTree.leafHash(e2.toByteArray())));
  }

  @Test
  void votesAtDifferentHeightsRoundsOrTypesAreNoEvidence() {
    PrivateKeySigner k = TestValidators.key(0);
    EvidenceVote base = vote(k, CHAIN, Votes.PREVOTE, 5, 0, block("a"));
    assertRejected(
        verify(ordered(base, vote(k, CHAIN, Votes.PREVOTE, 6, 0, block("b")))),
        Verification.Reason.VOTE_MISMATCH,
        "different heights");
    assertRejected(
        verify(ordered(base, vote(k, CHAIN, Votes.PREVOTE, 5, 1, block("b")))),
        Verification.Reason.VOTE_MISMATCH,
        "different rounds");
    assertRejected(
        verify(ordered(base, vote(k, CHAIN, Votes.PRECOMMIT, 5, 0, block("b")))),
        Verification.Reason.VOTE_MISMATCH,
        "different types");
    assertRejected(
        verify(DuplicateVoteEvidence.newBuilder().setVoteA(base).build()),
        Verification.Reason.VOTE_MISMATCH,
        "two votes");
  }

  @Test
  void sameBlockIsNoEvidence() {
    EvidenceVote a = vote(0, 5, "a");
    EvidenceVote a2 =
        vote(TestValidators.key(0), CHAIN, Votes.PREVOTE, 5, 0, block("a")).toBuilder()
            .setTimestamp(Votes.timestamp(GENESIS))
            .build();
    assertRejected(verify(raw(a, a2)), Verification.Reason.SAME_BLOCK_ID, "both votes are for");
  }

  @Test
  void votesOfTwoValidatorsAreNoEvidence() {
    assertRejected(
        verify(ordered(vote(0, 5, "a"), vote(1, 5, "b"))),
        Verification.Reason.DIFFERENT_VALIDATORS,
        "different validators");
  }

  @Test
  void nonCanonicalOrderIsRejected() {
    DuplicateVoteEvidence ev = evidence(0, 5);
    DuplicateVoteEvidence swapped =
        ev.toBuilder().setVoteA(ev.getVoteB()).setVoteB(ev.getVoteA()).build();
    assertRejected(verify(swapped), Verification.Reason.NOT_CANONICAL, "must sort before");
  }

  @Test
  void badSignaturesAreRejected() {
    DuplicateVoteEvidence ev = evidence(0, 5);
    byte[] sig = ev.getVoteB().getSignature().toByteArray();
    sig[3] ^= 1;
    DuplicateVoteEvidence forged =
        ev.toBuilder()
            .setVoteB(ev.getVoteB().toBuilder().setSignature(ByteString.copyFrom(sig)))
            .build();
    assertRejected(verify(forged), Verification.Reason.BAD_SIGNATURE, "vote_b");
    // votes signed for another chain
    DuplicateVoteEvidence otherChain =
        ordered(
            vote(TestValidators.key(0), "other-chain", Votes.PREVOTE, 5, 0, block("a")),
            vote(TestValidators.key(0), "other-chain", Votes.PREVOTE, 5, 0, block("b")));
    assertRejected(verify(otherChain), Verification.Reason.BAD_SIGNATURE, "on chain " + CHAIN);
    // one vote signed by somebody else under the validator's address
    EvidenceVote impostor =
        vote(TestValidators.key(9), CHAIN, Votes.PREVOTE, 5, 0, block("b")).toBuilder()
            .setValidatorAddress(ev.getVoteA().getValidatorAddress())
            .build();
    assertRejected(
        verify(ordered(vote(0, 5, "a"), impostor)),
        Verification.Reason.BAD_SIGNATURE,
        "invalid signature");
  }

  @Test
  void signerOutsideTheSetIsRejected() {
    DuplicateVoteEvidence outsider = ordered(vote(7, 5, "a"), vote(7, 5, "b"));
    assertRejected(
        verify(outsider), Verification.Reason.NOT_A_VALIDATOR, "was not a validator at height 5");
  }

  @Test
  void wrongPowersAreRejected() {
    DuplicateVoteEvidence ev = evidence(1, 5);
    assertRejected(
        verify(ev.toBuilder().setValidatorPower(99).build()),
        Verification.Reason.POWER_MISMATCH,
        "records power 99 of 100, the set at height 5 has 20 of 100");
    assertRejected(
        verify(ev.toBuilder().setTotalVotingPower(1000).build()),
        Verification.Reason.POWER_MISMATCH,
        "has 20 of 100");
  }

  @Test
  void timestampMustBeTheBlockTime() {
    DuplicateVoteEvidence ev =
        evidence(0, 5).toBuilder().setTimestamp(Votes.timestamp(blockTime(9))).build();
    assertRejected(verify(ev), Verification.Reason.TIMESTAMP_MISMATCH, "of block 5");
  }

  @Test
  void evidenceIsTooOldOnlyPastBothLimits() {
    DuplicateVoteEvidence ev = evidence(0, 5);
    // 101 blocks later but only 101 s: still admissible
    assertThat(verify(ev, 106, blockTime(106)).isValid()).isTrue();
    // 2 hours later but only 1 block: still admissible
    assertThat(verify(ev, 6, blockTime(5).plus(Duration.ofHours(2))).isValid()).isTrue();
    // exactly at both limits: still admissible
    assertThat(verify(ev, 105, blockTime(5).plus(Duration.ofHours(1))).isValid()).isTrue();
    assertRejected(
        verify(ev, 106, blockTime(5).plus(Duration.ofHours(2))),
        Verification.Reason.TOO_OLD,
        "101 blocks");
  }

  @Test
  void evidenceFromTheFutureIsRejected() {
    assertRejected(
        verify(evidence(0, 12), 10, blockTime(10)),
        Verification.Reason.UNKNOWN_HEIGHT,
        "above the current height 10");
  }
}
