package io.lattice.node.p2p;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/** How a reactor lets go of the switch and stops its thread when it closes. */
final class Reactors {
  private Reactors() {}

  /**
   * Closes {@code subscriptions} (handlers and listeners on the switch), then stops {@code thread}
   * and waits up to 5 s for it; failures are logged under {@code name}.
   */
  static void stop(
      String name, List<AutoCloseable> subscriptions, ExecutorService thread, Logger log) {
    unsubscribe(name, subscriptions, log);
    thread.shutdownNow();
    try {
      if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
        log.warn("{}: its thread did not stop within 5 s", name);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Closes {@code subscriptions}; failures are logged under {@code name}. */
  static void unsubscribe(String name, List<AutoCloseable> subscriptions, Logger log) {
    for (AutoCloseable s : subscriptions) {
      try {
        s.close();
      } catch (Exception e) {
        log.warn("{}: unsubscribing failed", name, e);
      }
    }
  }
}
