package io.lattice.sim;

import io.lattice.consensus.Scheduler;
import java.time.Duration;
import java.util.PriorityQueue;

/**
 * The one event loop of a simulation: tasks ordered by (virtual time in ms, sequence number). No
 * threads, no wall clock; a task scheduled for the same time as another runs after it.
 */
final class SimScheduler {
  private record Task(long due, long seq, Runnable run) implements Comparable<Task> {
    @Override
    public int compareTo(Task o) {
      int c = Long.compare(due, o.due);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  private final PriorityQueue<Task> queue = new PriorityQueue<>();
  private long now;
  private long seq;
  private long executed;

  long now() {
    return now;
  }

  long executed() {
    return executed;
  }

  void at(long due, Runnable task) {
    queue.add(new Task(Math.max(due, now), seq++, task));
  }

  void after(long delayMillis, Runnable task) {
    at(now + delayMillis, task);
  }

  /** Runs the next task; false when there is none or it is due after {@code limit}. */
  boolean step(long limit) {
    Task t = queue.peek();
    if (t == null || t.due > limit) {
      return false;
    }
    queue.poll();
    now = t.due;
    executed++;
    t.run.run();
    return true;
  }

  /**
   * One node incarnation's view: closing it (a crash or a stop) drops every task it still has, so a
   * restarted node starts with no timers of its previous life.
   */
  Scheduler view() {
    return new Scheduler() {
      private boolean closed;

      @Override
      public void execute(Runnable task) {
        at(now, guard(task));
      }

      @Override
      public Cancellable schedule(Duration delay, Runnable task) {
        boolean[] cancelled = {false};
        at(
            now + Math.max(0, delay.toMillis()),
            () -> {
              if (!cancelled[0] && !closed) {
                task.run();
              }
            });
        return () -> cancelled[0] = true;
      }

      private Runnable guard(Runnable task) {
        return () -> {
          if (!closed) {
            task.run();
          }
        };
      }

      @Override
      public void close() {
        closed = true;
      }
    };
  }
}
