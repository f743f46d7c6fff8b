package io.lattice.consensus.light;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.lattice.consensus.block.BlockVerifier;
import io.lattice.consensus.block.InvalidBlockException;
import io.lattice.consensus.block.Votes;
import io.lattice.consensus.evidence.TestValidators;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.proto.consensus.v1.LightBlock;
import io.lattice.proto.types.v1.Commit;
import io.lattice.proto.types.v1.CommitSig;
import io.lattice.proto.types.v1.Header;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LightVerifierTest {
  static final String CHAIN = "lattice-light";
  static final LightOptions OPTIONS = LightOptions.of(Duration.ofHours(1), Duration.ofSeconds(10));

  /**
   * Validator sets by height: A = {0,1,2,3} (1-9), B = {2,3,4,5} (10-19, half of A), C = {6,7,8,9}
   * (20-29, nobody from A or B), D = {5,10,11,12} (30-40, a quarter of B).
   */
  static int[] members(long h) {
    if (h < 10) {
      return new int[] {0, 1, 2, 3};
    } else if (h < 20) {
      return new int[] {2, 3, 4, 5};
    } else if (h < 30) {
      return new int[] {6, 7, 8, 9};
    }
    return new int[] {5, 10, 11, 12};
  }

  static final TestChain MAIN = new TestChain(CHAIN, 40, LightVerifierTest::members);
  static final Instant NOW = Votes.instant(TestChain.time(40)).plusSeconds(1);

  static LightBlock b(long h) {
    return MAIN.block(h);
  }

  static void assertFails(
      LightVerification v, LightVerification.Reason reason, String... messageParts) {
    assertThat(v).isInstanceOf(LightVerification.Failed.class);
    LightVerification.Failed f = (LightVerification.Failed) v;
    assertThat(f.reason()).as(f.message()).isEqualTo(reason);
    for (String part : messageParts) {
      assertThat(f.message()).contains(part);
    }
  }

  @Test
  void everyAdjacentHeaderVerifiesAcrossValidatorSetChanges() {
    for (long h = 1; h < 40; h++) {
      LightVerification v = LightVerifier.verifyAdjacent(b(h), b(h + 1), NOW, OPTIONS);
      assertThat(v.isVerified()).as("%d -> %d: %s", h, h + 1, v).isTrue();
    }
  }

  @Test
  void adjacencyIsChecked() {
    assertFails(
        LightVerifier.verifyAdjacent(b(1), b(3), NOW, OPTIONS),
        LightVerification.Reason.NOT_ADJACENT,
        "header 3 is not adjacent to trusted header 1");
    assertFails(
        LightVerifier.verifyNonAdjacent(b(1), b(2), NOW, OPTIONS),
        LightVerification.Reason.ADJACENT);
  }

  @Test
  void skippingVerifiesWhenEnoughOfTheTrustedSetSigned() {
    // B at height 15 was signed by 2 and 3, half of A's power
    assertThat(LightVerifier.verifyNonAdjacent(b(1), b(15), NOW, OPTIONS).isVerified()).isTrue();
    assertThat(LightVerifier.verify(b(12), b(19), NOW, OPTIONS).isVerified()).isTrue();
  }

  @Test
  void skippingFailsWhenTheSetChangedByMoreThanTwoThirds() {
    assertFails(
        LightVerifier.verifyNonAdjacent(b(1), b(25), NOW, OPTIONS),
        LightVerification.Reason.INSUFFICIENT_TRUSTED_POWER,
        "0 of 40 (0)",
        "bisection");
    assertFails(
        LightVerifier.verifyNonAdjacent(b(15), b(35), NOW, OPTIONS),
        LightVerification.Reason.INSUFFICIENT_TRUSTED_POWER,
        "insufficient trusted power: 10 of 40 (0.25)",
        "more than 1/3 is required");
  }

  @Test
  void trustLevelIsAStrictBoundAndConfigurable() {
    LightOptions half =
        new LightOptions(Duration.ofHours(1), Duration.ofSeconds(10), new TrustLevel(1, 2));
    assertFails(
        LightVerifier.verifyNonAdjacent(b(1), b(15), NOW, half),
        LightVerification.Reason.INSUFFICIENT_TRUSTED_POWER,
        "20 of 40 (0.5)",
        "more than 1/2");
    // a third of the trusted power exactly is not more than 1/3
    TestChain thirds =
        new TestChain(CHAIN, 12, h -> h < 10 ? new int[] {0, 1, 2} : new int[] {2, 20, 21});
    assertFails(
        LightVerifier.verifyNonAdjacent(thirds.block(1), thirds.block(11), NOW, OPTIONS),
        LightVerification.Reason.INSUFFICIENT_TRUSTED_POWER,
        "10 of 30 (0.33)");
    assertThatThrownBy(() -> new TrustLevel(1, 4)).hasMessageContaining("[1/3, 1]");
    assertThatThrownBy(() -> new TrustLevel(4, 3)).hasMessageContaining("[1/3, 1]");
  }

  @Test
  void expiredTrustedHeaderIsRejected() {
    Instant expiry = Votes.instant(TestChain.time(1)).plus(OPTIONS.trustingPeriod());
    assertThat(LightVerifier.verify(b(1), b(2), expiry.minusMillis(1), OPTIONS).isVerified())
        .isTrue();
    assertFails(
        LightVerifier.verifyAdjacent(b(1), b(2), expiry, OPTIONS),
        LightVerification.Reason.EXPIRED,
        "trusted header 1");
    assertFails(
        LightVerifier.verifyNonAdjacent(b(1), b(15), expiry, OPTIONS),
        LightVerification.Reason.EXPIRED);
  }

  @Test
  void headersFromTheFutureAreRejected() {
    Instant headerTime = Votes.instant(TestChain.time(15));
    assertFails(
        LightVerifier.verifyNonAdjacent(
            b(1), b(15), headerTime.minus(OPTIONS.maxClockDrift()), OPTIONS),
        LightVerification.Reason.FROM_FUTURE,
        "allowed drift");
    assertThat(
            LightVerifier.verifyNonAdjacent(
                    b(1), b(15), headerTime.minus(OPTIONS.maxClockDrift()).plusMillis(1), OPTIONS)
                .isVerified())
        .isTrue();
  }

  @Test
  void timeAndHeightMustIncrease() {
    LightBlock sameTime =
        TestChain.resign(
            CHAIN, b(2), h -> h.toBuilder().setTime(TestChain.time(1)).build(), MAIN.signers(2));
    assertFails(
        LightVerifier.verifyAdjacent(b(1), sameTime, NOW, OPTIONS),
        LightVerification.Reason.NON_INCREASING_TIME,
        "is not after trusted header time");
    assertFails(
        LightVerifier.verifyNonAdjacent(b(5), b(3), NOW, OPTIONS),
        LightVerification.Reason.NON_INCREASING_HEIGHT,
        "header height 3 is not above trusted height 5");
    assertFails(
        LightVerifier.verify(b(5), b(5), NOW, OPTIONS),
        LightVerification.Reason.NON_INCREASING_HEIGHT);
  }

  @Test
  void anotherChainIsRejected() {
    TestChain other = new TestChain("other-chain", 3, LightVerifierTest::members);
    assertFails(
        LightVerifier.verifyAdjacent(b(1), other.block(2), NOW, OPTIONS),
        LightVerification.Reason.WRONG_CHAIN_ID,
        "is for chain other-chain, expected " + CHAIN);
  }

  @Test
  void validatorSetMustBeTheOneTheHeaderNames() {
    LightBlock wrongSet = b(2).toBuilder().setValidatorSet(b(15).getValidatorSet()).build();
    assertFails(
        LightVerifier.verifyAdjacent(b(1), wrongSet, NOW, OPTIONS),
        LightVerification.Reason.VALIDATORS_HASH_MISMATCH,
        "header 2 names");
  }

  @Test
  void adjacentSetMustBeTheTrustedNextValidators() {
    // a fork whose validators at height 2 are not the ones header 1 announced
    TestChain fork = new TestChain(CHAIN, 3, h -> h < 2 ? members(h) : new int[] {4, 5, 6, 7});
    assertFails(
        LightVerifier.verifyAdjacent(b(1), fork.block(2), NOW, OPTIONS),
        LightVerification.Reason.NEXT_VALIDATORS_MISMATCH,
        "as next");
  }

  @Test
  void invalidCommitSignaturesAreRejected() {
    assertFails(
        LightVerifier.verifyAdjacent(b(1), tamperSignature(b(2), 1), NOW, OPTIONS),
        LightVerification.Reason.INVALID_COMMIT_SIGNATURE,
        "invalid signature of validator");
    // in skipping verification the trusted set's check finds it first
    assertFails(
        LightVerifier.verifyNonAdjacent(b(1), tamperSignature(b(15), 0), NOW, OPTIONS),
        LightVerification.Reason.INVALID_COMMIT_SIGNATURE,
        "commit of header 15");
    // a signer from outside the header's own set
    List<PrivateKeySigner> withStranger = new ArrayList<>(MAIN.signers(2));
    withStranger.add(TestValidators.key(30));
    LightBlock stranger = TestChain.resign(CHAIN, b(2), h -> h, withStranger);
    assertFails(
        LightVerifier.verifyAdjacent(b(1), stranger, NOW, OPTIONS),
        LightVerification.Reason.INVALID_COMMIT_SIGNATURE,
        "is not a validator");
    // the same validator twice
    List<PrivateKeySigner> twice = new ArrayList<>(MAIN.signers(2));
    twice.add(TestValidators.key(0));
    assertFails(
        LightVerifier.verifyAdjacent(
            b(1), TestChain.resign(CHAIN, b(2), h -> h, twice), NOW, OPTIONS),
        LightVerification.Reason.INVALID_COMMIT_SIGNATURE,
        "signed twice");
  }

  @Test
  void twoThirdsOfTheHeadersOwnSetMustSign() {
    LightBlock half = TestChain.resign(CHAIN, b(2), h -> h, MAIN.signers(2).subList(0, 2));
    assertFails(
        LightVerifier.verifyAdjacent(b(1), half, NOW, OPTIONS),
        LightVerification.Reason.INSUFFICIENT_POWER,
        "carries 20 of 40 voting power (0.5), more than 2/3 is required");
    // skipping: the trusted set vouches (2 and 3 signed) but B's own 2/3 is missing
    LightBlock weak =
        TestChain.resign(
            CHAIN, b(15), h -> h, List.of(TestValidators.key(2), TestValidators.key(3)));
    assertFails(
        LightVerifier.verifyNonAdjacent(b(1), weak, NOW, OPTIONS),
        LightVerification.Reason.INSUFFICIENT_POWER);
    // exactly 2/3 is not enough
    TestChain three = new TestChain(CHAIN, 3, h -> new int[] {0, 1, 2});
    LightBlock twoOfThree =
        TestChain.resign(CHAIN, three.block(2), h -> h, three.signers(2).subList(0, 2));
    assertFails(
        LightVerifier.verifyAdjacent(three.block(1), twoOfThree, NOW, OPTIONS),
        LightVerification.Reason.INSUFFICIENT_POWER,
        "20 of 30");
  }

  @Test
  void commitMustDecideTheHeader() {
    LightBlock mixed =
        b(2).toBuilder()
            .setSignedHeader(
                b(2).getSignedHeader().toBuilder().setCommit(b(3).getSignedHeader().getCommit()))
            .build();
    assertFails(
        LightVerifier.verifyAdjacent(b(1), mixed, NOW, OPTIONS),
        LightVerification.Reason.COMMIT_MISMATCH,
        "does not decide header 2");
  }

  @Test
  void ownCommitCheckAgreesWithTheFullNodeBlockVerifier() throws Exception {
    Random random = new Random(42);
    for (int i = 0; i < 40; i++) {
      long h = 2L + random.nextInt(38);
      LightBlock block = b(h);
      List<PrivateKeySigner> signers = new ArrayList<>();
      for (PrivateKeySigner k : MAIN.signers(h)) {
        if (random.nextInt(4) != 0) {
          signers.add(k);
        }
      }
      if (random.nextInt(5) == 0) {
        signers.add(TestValidators.key(40 + random.nextInt(3)));
      }
      LightBlock candidate = TestChain.resign(CHAIN, block, x -> x, signers);
      if (random.nextInt(5) == 0 && !signers.isEmpty()) {
        candidate = tamperSignature(candidate, random.nextInt(signers.size()));
      }
      boolean light = LightVerifier.verifyAdjacent(b(h - 1), candidate, NOW, OPTIONS).isVerified();
      Header header = candidate.getSignedHeader().getHeader();
      boolean full;
      try {
        BlockVerifier.verifyCommit(
            CHAIN,
            candidate.getValidatorSet(),
            h,
            candidate.getSignedHeader().getCommit().getBlockId().getHash().toByteArray(),
            candidate.getSignedHeader().getCommit());
        full = true;
      } catch (InvalidBlockException e) {
        full = false;
      }
      assertThat(light)
          .as("height %d, %d signers", header.getHeight(), signers.size())
          .isEqualTo(full);
    }
  }

  static LightBlock tamperSignature(LightBlock block, int index) {
    Commit commit = block.getSignedHeader().getCommit();
    CommitSig sig = commit.getSignatures(index);
    byte[] bytes = sig.getSignature().toByteArray();
    bytes[7] ^= 0x40;
    Commit forged =
        commit.toBuilder()
            .setSignatures(index, sig.toBuilder().setSignature(ByteString.copyFrom(bytes)).build())
            .build();
    return block.toBuilder()
        .setSignedHeader(block.getSignedHeader().toBuilder().setCommit(forged))
        .build();
  }
}
