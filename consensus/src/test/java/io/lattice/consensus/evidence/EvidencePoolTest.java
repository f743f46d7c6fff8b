package io.lattice.consensus.evidence;

import static io.lattice.consensus.evidence.EvidenceVerifierTest.blockTime;
import static io.lattice.consensus.evidence.EvidenceVerifierTest.evidence;
import static org.assertj.core.api.Assertions.assertThat;

import io.lattice.proto.consensus.v1.DuplicateVoteEvidence;
import io.lattice.proto.types.v1.ValidatorSet;
import io.lattice.storage.KeyValueStore;
import io.lattice.storage.MemoryKeyValueStore;
import io.lattice.storage.RocksKeyValueStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvidencePoolTest {
  private static final byte[] PREFIX = "ev/".getBytes(StandardCharsets.UTF_8);

  /** Heights 1..known have the test set and a block time; later heights are unknown. */
  record History(long known) implements ChainHistory {
    @Override
    public Optional<ValidatorSet> validatorSet(long height) {
      return height <= known ? Optional.of(EvidenceVerifierTest.SET) : Optional.empty();
    }

    @Override
    public Optional<Instant> blockTime(long height) {
      return height <= known
          ? Optional.of(EvidenceVerifierTest.blockTime(height))
          : Optional.empty();
    }
  }

  @TempDir Path dir;

  private static EvidencePool pool(KeyValueStore store) {
    return new EvidencePool(
        store, PREFIX, EvidenceVerifierTest.CHAIN, EvidenceVerifierTest.PARAMS, new History(1000));
  }

  @Test
  void validEvidenceBecomesPendingOnce() {
    EvidencePool pool = pool(new MemoryKeyValueStore());
    DuplicateVoteEvidence ev = evidence(0, 5);
    assertThat(pool.add(ev, 10, blockTime(10)).isValid()).isTrue();
    assertThat(pool.add(ev, 10, blockTime(10)))
        .isInstanceOfSatisfying(
            Verification.Invalid.class,
            i -> assertThat(i.reason()).isEqualTo(Verification.Reason.ALREADY_PENDING));
    assertThat(pool.pending()).containsExactly(ev);
  }

  @Test
  void invalidEvidenceChangesNothing() {
    MemoryKeyValueStore store = new MemoryKeyValueStore();
    EvidencePool pool = pool(store);
    DuplicateVoteEvidence ev = evidence(0, 5);
    DuplicateVoteEvidence swapped =
        ev.toBuilder().setVoteA(ev.getVoteB()).setVoteB(ev.getVoteA()).build();
    assertThat(pool.add(swapped, 10, blockTime(10)))
        .isInstanceOfSatisfying(
            Verification.Invalid.class,
            i -> assertThat(i.reason()).isEqualTo(Verification.Reason.NOT_CANONICAL));
    assertThat(pool.pending()).isEmpty();
  }

  @Test
  void malformedEvidenceIsNamedBeforeAnyChainLookup() {
    EvidencePool pool = pool(new MemoryKeyValueStore());
    DuplicateVoteEvidence oneVote =
        DuplicateVoteEvidence.newBuilder().setVoteA(evidence(0, 5).getVoteA()).build();
    assertThat(pool.add(oneVote, 10, blockTime(10)))
        .isInstanceOfSatisfying(
            Verification.Invalid.class,
            i -> assertThat(i.reason()).isEqualTo(Verification.Reason.VOTE_MISMATCH));
    assertThat(pool.pending()).isEmpty();
  }

  @Test
  void unknownHeightsAreRejected() {
    EvidencePool pool =
        new EvidencePool(
            new MemoryKeyValueStore(),
            PREFIX,
            EvidenceVerifierTest.CHAIN,
            EvidenceVerifierTest.PARAMS,
            new History(3));
    assertThat(pool.add(evidence(0, 5), 10, blockTime(10)))
        .isInstanceOfSatisfying(
            Verification.Invalid.class,
            i -> {
              assertThat(i.reason()).isEqualTo(Verification.Reason.UNKNOWN_HEIGHT);
              assertThat(i.message()).contains("evidence height 5");
            });
  }

  @Test
  void pendingIsOrderedByHeightAndBoundedInBytes() {
    EvidencePool pool = pool(new MemoryKeyValueStore());
    DuplicateVoteEvidence late = evidence(1, 8);
    DuplicateVoteEvidence early = evidence(2, 3);
    DuplicateVoteEvidence middle = evidence(0, 5);
    for (DuplicateVoteEvidence ev : List.of(late, early, middle)) {
      assertThat(pool.add(ev, 10, blockTime(10)).isValid()).isTrue();
    }
    assertThat(pool.pending()).containsExactly(early, middle, late);
    int one = early.getSerializedSize();
    assertThat(pool.pending(one + middle.getSerializedSize())).containsExactly(early, middle);
    assertThat(pool.pending(one)).containsExactly(early);
    assertThat(pool.pending(one - 1)).isEmpty();
  }

  @Test
  void committedEvidenceIsNeverProposedOrAcceptedAgainAndSurvivesARestart() {
    DuplicateVoteEvidence committed = evidence(0, 5);
    DuplicateVoteEvidence waiting = evidence(1, 6);
    try (RocksKeyValueStore store = RocksKeyValueStore.open(dir.resolve("db"))) {
      EvidencePool pool = pool(store);
      pool.add(committed, 10, blockTime(10));
      pool.add(waiting, 10, blockTime(10));
      pool.markCommitted(11, List.of(committed));
      assertThat(pool.pending()).containsExactly(waiting);
      assertThat(pool.isCommitted(DuplicateVotes.hash(committed))).isTrue();
    }
    try (RocksKeyValueStore store = RocksKeyValueStore.open(dir.resolve("db"))) {
      EvidencePool restarted = pool(store);
      assertThat(restarted.pending()).containsExactly(waiting);
      assertThat(restarted.add(committed, 12, blockTime(12)))
          .isInstanceOfSatisfying(
              Verification.Invalid.class,
              i -> assertThat(i.reason()).isEqualTo(Verification.Reason.ALREADY_COMMITTED));
      assertThat(restarted.checkProposed(List.of(committed.toByteArray()), 12, blockTime(12)))
          .isInstanceOfSatisfying(
              Verification.Invalid.class,
              i -> assertThat(i.reason()).isEqualTo(Verification.Reason.ALREADY_COMMITTED));
      assertThat(restarted.pending()).doesNotContain(committed);
    }
  }

  @Test
  void proposedEvidenceIsChecked() {
    EvidencePool pool = pool(new MemoryKeyValueStore());
    byte[] good = evidence(0, 5).toByteArray();
    byte[] other = evidence(1, 5).toByteArray();
    assertThat(pool.checkProposed(List.of(good, other), 10, blockTime(10)).isValid()).isTrue();
    assertThat(pool.checkProposed(List.of(good, good), 10, blockTime(10)))
        .isInstanceOfSatisfying(
            Verification.Invalid.class,
            i -> assertThat(i.message()).contains("appears twice in the block"));
    assertThat(pool.checkProposed(List.of(new byte[] {(byte) 0xff, 1}), 10, blockTime(10)))
        .isInstanceOfSatisfying(
            Verification.Invalid.class,
            i -> assertThat(i.reason()).isEqualTo(Verification.Reason.MALFORMED));
    EvidencePool tiny =
        new EvidencePool(
            new MemoryKeyValueStore(),
            PREFIX,
            EvidenceVerifierTest.CHAIN,
            new EvidenceParams(100, Duration.ofHours(1), good.length + 1),
            new History(1000));
    assertThat(tiny.checkProposed(List.of(good, other), 10, blockTime(10)))
        .isInstanceOfSatisfying(
            Verification.Invalid.class,
            i -> assertThat(i.message()).contains("exceeds " + (good.length + 1) + " bytes"));
    // checking a proposal does not add to the pool
    assertThat(pool.pending()).isEmpty();
  }

  @Test
  void expiredEvidenceIsPruned() {
    EvidencePool pool = pool(new MemoryKeyValueStore());
    DuplicateVoteEvidence old = evidence(0, 5);
    DuplicateVoteEvidence oldCommitted = evidence(1, 6);
    DuplicateVoteEvidence recent = evidence(2, 150);
    pool.add(old, 10, blockTime(10));
    pool.add(oldCommitted, 10, blockTime(10));
    pool.markCommitted(11, List.of(oldCommitted));
    pool.add(recent, 150, blockTime(150));
    Instant later = blockTime(6).plus(Duration.ofHours(2));
    // 120 blocks is past 100, but the time limit is not reached: nothing expires
    assertThat(pool.prune(126, blockTime(126))).isZero();
    assertThat(pool.prune(200, later)).isEqualTo(2);
    assertThat(pool.pending()).containsExactly(recent);
    assertThat(pool.isCommitted(DuplicateVotes.hash(oldCommitted))).isFalse();
  }
}
