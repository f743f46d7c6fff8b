package io.lattice.node.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import io.lattice.p2p.NodeId;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The per-peer limit that block sync and state sync serve requests under. */
class RequestQueueTest {
  private static final NodeId FLOODER = new NodeId("aa".repeat(20));
  private static final NodeId OTHER = new NodeId("bb".repeat(20));

  @Test
  void aPeerGetsAtMostItsLimitQueuedWhileOthersAreStillServed() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger answered = new AtomicInteger();
    Runnable slow =
        () -> {
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          answered.incrementAndGet();
        };
    try (RequestQueue queue = new RequestQueue("test-serve", 3)) {
      for (int i = 0; i < 3; i++) {
        assertThat(queue.submit(FLOODER, slow)).as("request %d within the limit", i).isTrue();
      }
      assertThat(queue.submit(FLOODER, slow)).as("the fourth at once").isFalse();
      assertThat(queue.submit(OTHER, answered::incrementAndGet)).as("another peer").isTrue();
      release.countDown();
      org.awaitility.Awaitility.await()
          .atMost(10, TimeUnit.SECONDS)
          .until(() -> answered.get() == 4);
      assertThat(queue.submit(FLOODER, answered::incrementAndGet))
          .as("once its requests are answered, the peer is served again")
          .isTrue();
    }
  }

  @Test
  void aFailingAnswerFreesItsSlot() throws Exception {
    try (RequestQueue queue = new RequestQueue("test-serve", 1)) {
      CountDownLatch ran = new CountDownLatch(1);
      assertThat(
              queue.submit(
                  FLOODER,
                  () -> {
                    ran.countDown();
                    throw new IllegalStateException("answer failed");
                  }))
          .isTrue();
      assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
      org.awaitility.Awaitility.await()
          .atMost(10, TimeUnit.SECONDS)
          .until(() -> queue.submit(FLOODER, () -> {}));
    }
  }
}
