package io.lattice.consensus.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.lattice.storage.WriteBatch;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SerializedApplicationTest {
  /** Test double that records the largest number of its calls running at the same time. */
  static final class OverlapProbe implements Application {
    final AtomicInteger inside = new AtomicInteger();
    final AtomicInteger maxInside = new AtomicInteger();
    final AtomicInteger calls = new AtomicInteger();

    private void enter() {
      maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
      calls.incrementAndGet();
      Thread.yield();
      inside.decrementAndGet();
    }

    @Override
    public AppInfo info() {
      enter();
      return new AppInfo(0, new byte[0]);
    }

    @Override
    public byte[] initChain(byte[] appStateJson, WriteBatch batch) {
      enter();
      return new byte[0];
    }

    @Override
    public CheckTxResult checkTx(byte[] tx, boolean recheck) {
      enter();
      return CheckTxResult.rejected(1, "probe", "probe");
    }

    @Override
    public FinalizedBlock finalizeBlock(BlockContext context, List<byte[]> txs) {
      enter();
      return new FinalizedBlock(List.of(), List.of(), new byte[0]);
    }

    @Override
    public void commit(WriteBatch batch) {
      enter();
    }

    @Override
    public void afterCommit() {
      enter();
    }
  }

  @Test
  void callsFromManyThreadsNeverOverlap() throws Exception {
    OverlapProbe probe = new OverlapProbe();
    Application app = new SerializedApplication(probe);
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done =
          List.of(
              threads.submit(() -> repeat(() -> app.checkTx(new byte[0], false))),
              threads.submit(() -> repeat(() -> app.checkTx(new byte[0], true))),
              threads.submit(() -> repeat(() -> app.finalizeBlock(null, List.of()))),
              threads.submit(() -> repeat(app::afterCommit)));
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      threads.shutdown();
    }
    assertThat(probe.calls.get()).isEqualTo(4 * 2000);
    assertThat(probe.maxInside.get()).isEqualTo(1);
  }

  private static void repeat(Runnable r) {
    for (int i = 0; i < 2000; i++) {
      r.run();
    }
  }
}
