package io.lattice.p2p.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
  private final AtomicLong now = new AtomicLong(1_000);

  @Test
  void burstThenRefillAtTheRate() {
    TokenBucket b = new TokenBucket(10, 5, now::get);
    for (int i = 0; i < 5; i++) {
      assertThat(b.tryTake(1)).isTrue();
    }
    assertThat(b.tryTake(1)).isFalse();
    now.addAndGet(100_000_000); // 0.1 s = 1 token
    assertThat(b.tryTake(1)).isTrue();
    assertThat(b.tryTake(1)).isFalse();
    now.addAndGet(10_000_000_000L); // refill caps at the burst
    for (int i = 0; i < 5; i++) {
      assertThat(b.tryTake(1)).isTrue();
    }
    assertThat(b.tryTake(1)).isFalse();
  }

  @Test
  void takeGoesIntoDebtAndSaysHowLongToWait() {
    TokenBucket b = new TokenBucket(1000, 1000, now::get);
    assertThat(b.take(500)).isZero();
    assertThat(b.take(1500)).isEqualTo(1_000_000_000L); // 1000 tokens in debt at 1000/s
    assertThat(b.nanosUntilAvailable()).isGreaterThan(1_000_000_000L);
    now.addAndGet(1_100_000_000L);
    assertThat(b.nanosUntilAvailable()).isZero();
  }
}
