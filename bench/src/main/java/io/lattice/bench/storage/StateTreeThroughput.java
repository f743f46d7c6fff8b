package io.lattice.bench.storage;

import io.lattice.storage.state.StateTree;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * Quick throughput figure without JMH: {@code StateTreeThroughput <memory|rocksdb> <keys> <batch>
 * <batches>} preloads the tree, runs two warm-up batches, then times {@code batches} batches and
 * prints updates per second (commit time only; pruning every 10 batches is not timed), by the wall
 * clock and per second of the committing thread's CPU time (the second is steadier on a shared
 * machine; RocksDB's background flushes and compactions are not in it).
 */
public final class StateTreeThroughput {
  private StateTreeThroughput() {}

  public static void main(String[] args) {
    String kind = args.length > 0 ? args[0] : "memory";
    long keys = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
    int batch = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
    int batches = args.length > 3 ? Integer.parseInt(args[3]) : 50;
    int cache = args.length > 4 ? Integer.parseInt(args[4]) : StateTree.DEFAULT_CACHE_NODES;
    long t0 = System.nanoTime();
    try (StateTreeWorkload w = new StateTreeWorkload(kind, keys, batch, cache, 1)) {
      long loadNanos = System.nanoTime() - t0;
      for (int i = 0; i < 5; i++) {
        w.updateBatch();
      }
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long commitNanos = 0;
      long commitCpuNanos = 0;
      for (int i = 0; i < batches; i++) {
        long start = System.nanoTime();
        long cpuStart = threads.getCurrentThreadCpuTime();
        w.updateBatch();
        commitCpuNanos += threads.getCurrentThreadCpuTime() - cpuStart;
        commitNanos += System.nanoTime() - start;
        if (i % 10 == 9) {
          w.prune();
        }
      }
      double secs = commitNanos / 1e9;
      System.out.printf(
          Locale.ROOT,
          "store=%s keys=%d batch=%d batches=%d load=%.1fs updates/s=%.0f"
              + " (per thread-CPU second: %.0f)%n",
          kind,
          keys,
          batch,
          batches,
          loadNanos / 1e9,
          batch * (double) batches / secs,
          batch * (double) batches / (commitCpuNanos / 1e9));
    }
  }
}
