package io.lattice.bench.peer.raft;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A client that keeps {@code window} payloads of {@code payloadBytes} in flight against a {@link
 * ReplicatedLog}: each commit frees a slot for the next payload. Entries committed during the
 * measured interval (after the warm-up) count towards throughput, and their latency (append →
 * commit reported) towards the percentiles.
 */
final class ClosedLoop {
  private final int window;
  private final int payloadBytes;
  private final Semaphore slots;

  /** Append times by id, in chunks of {@value #CHUNK} ids allocated as the ids grow. */
  private final AtomicReferenceArray<long[]> sentAt = new AtomicReferenceArray<>(1 << 16);

  private static final int CHUNK = 1 << 16;
  private final Object lock = new Object();
  private long[] latencies = new long[1 << 16];
  private int measured;
  private volatile long measureFrom = Long.MAX_VALUE;
  private volatile long measureTo = Long.MAX_VALUE;

  ClosedLoop(int window, int payloadBytes) {
    if (window < 1) {
      throw new IllegalArgumentException("window must be >= 1, got " + window);
    }
    this.window = window;
    this.payloadBytes = payloadBytes;
    this.slots = new Semaphore(window);
  }

  /** Latency figures of the measured entries, in nanoseconds. */
  record Result(
      long committed,
      double seconds,
      long p50,
      long p90,
      long p99,
      long max,
      double mean,
      long cpuNanos) {
    double perSecond() {
      return committed / seconds;
    }
  }

  /** Called by the log when entry {@code id} is committed (any thread). */
  void committed(long id) {
    if (id < 0) {
      return;
    }
    long now = System.nanoTime();
    long latency = now - sentAt.get((int) (id / CHUNK))[(int) (id % CHUNK)];
    if (now >= measureFrom && now < measureTo) {
      synchronized (lock) {
        if (measured == latencies.length) {
          latencies = Arrays.copyOf(latencies, latencies.length * 2);
        }
        latencies[measured++] = latency;
      }
    }
    slots.release();
  }

  /**
   * Appends for {@code warmup} unmeasured, then {@code measure} measured, then waits (at most 30 s)
   * for the entries still in flight.
   */
  Result run(ReplicatedLog log, Duration warmup, Duration measure) throws InterruptedException {
    long start = System.nanoTime();
    long from = start + warmup.toNanos();
    long to = from + measure.toNanos();
    measureFrom = from;
    measureTo = to;
    long cpuFrom = -1;
    long id = 0;
    while (true) {
      long now = System.nanoTime();
      if (now >= to) {
        break;
      }
      if (cpuFrom < 0 && now >= from) {
        cpuFrom = processCpuNanos();
      }
      if (!slots.tryAcquire(
          Math.min(to - now, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS)) {
        continue;
      }
      byte[] payload = NoopApplication.payload(id, payloadBytes);
      if (id % CHUNK == 0) {
        sentAt.set((int) (id / CHUNK), new long[CHUNK]);
      }
      sentAt.get((int) (id / CHUNK))[(int) (id % CHUNK)] = System.nanoTime();
      log.append(payload);
      id++;
    }
    long cpu = processCpuNanos() - Math.max(cpuFrom, 0);
    if (!slots.tryAcquire(window, 30, TimeUnit.SECONDS)) {
      System.err.println(
          (window - slots.availablePermits()) + " entries still in flight 30 s after the run");
    }
    long[] sorted;
    synchronized (lock) {
      sorted = Arrays.copyOf(latencies, measured);
    }
    Arrays.sort(sorted);
    int n = sorted.length;
    return new Result(
        n,
        measure.toNanos() / 1e9,
        percentile(sorted, 0.50),
        percentile(sorted, 0.90),
        percentile(sorted, 0.99),
        n == 0 ? 0 : sorted[n - 1],
        n == 0 ? 0 : Arrays.stream(sorted).average().orElse(0),
        cpu);
  }

  static long percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
