package io.lattice.consensus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Test double of {@link Scheduler} with virtual time: tasks run only when the test calls {@link
 * #runDue} or {@link #advance}, on the test's thread. The real adapter is {@link
 * ExecutorScheduler}.
 */
public final class ManualScheduler implements Scheduler {
  private record Task(long due, long seq, Runnable run) {}

  private final List<Task> tasks = new ArrayList<>();
  private long now;
  private long seq;
  private boolean closed;

  @Override
  public synchronized void execute(Runnable task) {
    if (!closed) {
      tasks.add(new Task(now, seq++, task));
    }
  }

  @Override
  public synchronized Cancellable schedule(Duration delay, Runnable task) {
    if (closed) {
      return () -> {};
    }
    Task t = new Task(now + delay.toNanos(), seq++, task);
    tasks.add(t);
    return () -> {
      synchronized (this) {
        tasks.remove(t);
      }
    };
  }

  /** Advances virtual time by {@code d}, running every task that falls due, in due order. */
  public void advance(Duration d) {
    long until;
    synchronized (this) {
      until = now + d.toNanos();
    }
    while (true) {
      Task next;
      synchronized (this) {
        next =
            tasks.stream()
                .filter(t -> t.due <= until)
                .min(Comparator.comparingLong(Task::due).thenComparingLong(Task::seq))
                .orElse(null);
        if (next == null) {
          now = until;
          return;
        }
        tasks.remove(next);
        now = Math.max(now, next.due);
      }
      next.run.run();
    }
  }

  public synchronized int pending() {
    return tasks.size();
  }

  @Override
  public synchronized void close() {
    closed = true;
    tasks.clear();
  }
}
