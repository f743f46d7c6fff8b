package io.lattice.p2p.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lattice.p2p.TestKeys;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PeerScoresTest {
  private final AtomicLong now = new AtomicLong();
  private final PeerScores scores = new PeerScores(100, 1, now::get);

  @Test
  void reachingTheBanScoreIsReportedOnceThenStartsOver() {
    assertThat(scores.add(TestKeys.id(1), 50)).isFalse();
    assertThat(scores.score(TestKeys.id(1))).isEqualTo(50);
    assertThat(scores.score(TestKeys.id(2))).isZero();
    assertThat(scores.add(TestKeys.id(1), 50)).isTrue();
    assertThat(scores.score(TestKeys.id(1))).isZero();
  }

  @Test
  void pointsDecayByOnePerSecond() {
    scores.add(TestKeys.id(1), 60);
    now.addAndGet(30_000_000_000L);
    assertThat(scores.score(TestKeys.id(1))).isCloseTo(30, within(1e-6));
    assertThat(scores.add(TestKeys.id(1), 60)).isFalse();
    now.addAndGet(1_000_000_000_000L);
    assertThat(scores.score(TestKeys.id(1))).isZero();
  }
}
