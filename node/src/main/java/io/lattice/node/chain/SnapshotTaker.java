package io.lattice.node.chain;

import io.lattice.consensus.BlockCommitted;
import io.lattice.consensus.EngineListener;
import io.lattice.storage.snapshot.SnapshotManifest;
import io.lattice.storage.snapshot.SnapshotStore;
import io.lattice.storage.state.StateTree;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a snapshot of the state at every multiple of {@code interval} heights, on a thread of its
 * own so that blocks keep committing while the tree of that height is read, and keeps the newest
 * {@code keepRecent}. A snapshot that is due while the previous one is still being written is
 * skipped (snapshots never queue up behind a slow disk); one that fails (e.g. its height was pruned
 * meanwhile) is logged and skipped.
 */
final class SnapshotTaker implements EngineListener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SnapshotTaker.class);

  private final SnapshotStore snapshots;
  private final StateTree tree;
  private final long interval;
  private final int keepRecent;

  /** Height of the snapshot being written, 0 when none. */
  private final AtomicLong writing = new AtomicLong();

  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "snapshot");
        t.setDaemon(true);
        return t;
      });

  SnapshotTaker(SnapshotStore snapshots, StateTree tree, long interval, int keepRecent) {
    this.snapshots = snapshots;
    this.tree = tree;
    this.interval = interval;
    this.keepRecent = keepRecent;
  }

  @Override
  public void committed(BlockCommitted block) {
    long h = block.height();
    if (h % interval != 0) {
      return;
    }
    long previous = writing.get();
    if (previous != 0 || !writing.compareAndSet(0, h)) {
      log.info(
          "snapshot at height {} skipped: the one of height {} is still being written",
          h,
          previous);
      return;
    }
    try {
      executor.execute(() -> {
        try {
          take(h);
        } finally {
          writing.set(0);
        }
      });
    } catch (RejectedExecutionException closed) {
      writing.set(0);
      log.debug("snapshot at height {} skipped: node stopping", h);
    }
  }

  private void take(long h) {
    long start = System.nanoTime();
    try {
      SnapshotManifest m = snapshots.write(tree, h, SnapshotStore.DEFAULT_CHUNK_LEAVES);
      snapshots.retainLatest(keepRecent);
      log.info(
          "snapshot at height {}: {} keys in {} chunks, {} ms",
          h,
          m.totalLeaves(),
          m.chunkCount(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    } catch (RuntimeException e) {
      log.warn("snapshot at height {} failed: {}", h, e.getMessage());
    }
  }

  /** Waits for a snapshot being written (so the database is not closed under it). */
  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(60, TimeUnit.SECONDS)) {
        log.warn("snapshot writing did not finish within 60 s");
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
