package io.lattice.bench.runtime;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Block execution of pre-signed ed25519 MsgSend transactions through {@code finalizeBlock} and
 * {@code commit} on one thread, with the real state tree on RocksDB (one synced batch per block).
 * JMH reports the time of one block (each iteration executes the next pre-signed block of the same
 * growing chain); transfers/s = {@code txs} / that time. {@link #main} prints transfers/s directly:
 * {@code BlockExecutionBench [txs] [blocks]}, both by wall clock and by the executing thread's CPU
 * time (the latter is the figure that survives a machine shared with other work; the fsync wait is
 * not CPU time). The first block pays for decoding every sender's public key; later blocks find the
 * keys in the pipeline's cache.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class BlockExecutionBench {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  @Param({"5000"})
  public int txs;

  /** Pre-signed blocks; must cover warm-up plus measurement iterations (one block each). */
  @Param({"12"})
  public int blocks;

  private BlockWorkload workload;

  @Setup(Level.Trial)
  public void setUp() {
    workload = new BlockWorkload(txs, blocks, 1);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    workload.close();
  }

  @Benchmark
  public int block() {
    if (workload.remainingBlocks() == 0) {
      throw new IllegalStateException("raise -p blocks above warm-up + measurement iterations");
    }
    return workload.executeNextBlock();
  }

  public static void main(String[] args) {
    int txs = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    int blocks = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    boolean admitted = args.length > 2 && args[2].equals("--after-checktx");
    try (BlockWorkload w = new BlockWorkload(txs, blocks, 1)) {
      double best = 0;
      double bestCpu = 0;
      for (int b = 0; b < blocks; b++) {
        if (admitted && w.checkNextBlock() != 0) {
          throw new IllegalStateException("checkTx refused transactions of block " + (b + 1));
        }
        long start = System.nanoTime();
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        int failed = w.executeNextBlock();
        double secs = (System.nanoTime() - start) / 1e9;
        double cpuSecs = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        if (failed != 0) {
          throw new IllegalStateException(failed + " transactions failed in block " + (b + 1));
        }
        double rate = txs / secs;
        best = Math.max(best, rate);
        bestCpu = Math.max(bestCpu, txs / cpuSecs);
        System.out.printf(
            Locale.ROOT,
            "block %d: %d transfers in %.3f s wall (%.0f/s), %.3f s thread CPU (%.0f/s)%n",
            b + 1,
            txs,
            secs,
            rate,
            cpuSecs,
            txs / cpuSecs);
      }
      System.out.printf(
          Locale.ROOT,
          "best: %.0f transfers/s wall-clock, %.0f transfers/s per CPU-second of the executing"
              + " thread%n",
          best,
          bestCpu);
    }
  }
}
