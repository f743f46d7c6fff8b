package io.lattice.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ExecutorSchedulerTest {
  @Test
  void runsTasksOnOneThreadInOrderAndCancels() throws Exception {
    List<String> ran = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(1);
    try (ExecutorScheduler s = new ExecutorScheduler("test-loop")) {
      s.execute(() -> ran.add("a:" + Thread.currentThread().getName()));
      Scheduler.Cancellable c = s.schedule(Duration.ofMillis(20), () -> ran.add("cancelled"));
      c.cancel();
      s.execute(() -> ran.add("b:" + Thread.currentThread().getName()));
      s.schedule(Duration.ofMillis(10), done::countDown);
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(ran).containsExactly("a:test-loop", "b:test-loop");
  }

  @Test
  void closeLetsTheRunningTaskFinishAndDropsLaterOnes() throws Exception {
    List<String> ran = new CopyOnWriteArrayList<>();
    CountDownLatch started = new CountDownLatch(1);
    ExecutorScheduler s = new ExecutorScheduler("test-loop");
    s.execute(() -> {
      started.countDown();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        ran.add("interrupted");
        return;
      }
      ran.add("finished");
    });
    s.schedule(Duration.ofHours(1), () -> ran.add("delayed"));
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    s.close();
    s.execute(() -> ran.add("after close"));
    assertThat(ran).containsExactly("finished");
  }
}
