package io.lattice.consensus;

import java.time.Duration;

/**
 * Timers and the event loop of an engine core. Every task runs on one thread, one at a time, in
 * submission order for {@link #execute} and in due-time order for {@link #schedule}, so an engine
 * core needs no locks. Simulations implement it with a virtual clock.
 */
public interface Scheduler extends AutoCloseable {
  void execute(Runnable task);

  /** Runs {@code task} after {@code delay}, unless cancelled first. */
  Cancellable schedule(Duration delay, Runnable task);

  /** Stops accepting tasks and returns once the running task, if any, has finished. */
  @Override
  void close();

  /** A scheduled task that has not run yet can be cancelled; cancelling later has no effect. */
  @FunctionalInterface
  interface Cancellable {
    void cancel();
  }
}
