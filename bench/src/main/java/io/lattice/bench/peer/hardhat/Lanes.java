package io.lattice.bench.peer.hardhat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Concurrent submitters of pre-signed transfers. Sender s is always on lane {@code s % lanes}, and
 * each lane sends one request at a time in list order, so every sender's nonces reach the node in
 * order. With {@code rate > 0} the i-th transfer is due {@code i / rate} seconds after the start (a
 * lane behind schedule stops 2 s after the planned end); otherwise each lane submits back to back
 * until {@code maxNanos} have passed or its transfers run out.
 */
final class Lanes {
  private Lanes() {}

  /** When submission started and ended, and whether a lane ran out before {@code maxNanos}. */
  record Window(long start, long end, boolean ranOut) {}

  static Window run(List<Transfer> txs, int lanes, double rate, long maxNanos, JsonRpc rpc)
      throws InterruptedException {
    List<List<Integer>> byLane = new ArrayList<>();
    for (int l = 0; l < lanes; l++) {
      byLane.add(new ArrayList<>());
    }
    for (int i = 0; i < txs.size(); i++) {
      byLane.get(txs.get(i).sender % lanes).add(i);
    }
    long start = System.nanoTime() + 50_000_000L;
    long stopAt =
        rate > 0 ? start + (long) (txs.size() * 1e9 / rate) + 2_000_000_000L : start + maxNanos;
    List<Thread> threads = new ArrayList<>();
    for (int l = 0; l < lanes; l++) {
      List<Integer> mine = byLane.get(l);
      threads.add(
          Thread.ofVirtual()
              .name("lane-" + l)
              .start(() -> {
                for (int i : mine) {
                  long now = System.nanoTime();
                  if (now > stopAt) {
                    return;
                  }
                  long wait = (rate > 0 ? start + (long) (i * 1e9 / rate) : start) - now;
                  if (wait > 0) {
                    LockSupport.parkNanos(wait);
                  }
                  try {
                    submit(rpc, txs.get(i));
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              }));
    }
    try {
      for (Thread t : threads) {
        t.join();
      }
    } catch (InterruptedException e) {
      threads.forEach(Thread::interrupt);
      throw e;
    }
    long end = System.nanoTime();
    boolean ranOut = rate <= 0 && end < stopAt && txs.stream().allMatch(t -> t.submittedAt != 0);
    return new Window(start, end, ranOut);
  }

  private static void submit(JsonRpc rpc, Transfer tx) throws InterruptedException {
    tx.submittedAt = System.nanoTime();
    switch (rpc.submit(tx.request)) {
      case JsonRpc.Submission.Accepted(String hash) when hash.equalsIgnoreCase(tx.hash) ->
          tx.acceptedAt = System.nanoTime();
      case JsonRpc.Submission.Accepted other ->
          tx.rejection = "answered a different hash than the signed transaction's";
      case JsonRpc.Submission.Rejected(String reason) -> tx.rejection = reason;
    }
  }
}
