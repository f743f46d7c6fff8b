package io.lattice.node.p2p;

import io.lattice.p2p.NodeId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread a reactor answers peers' requests on, with at most {@code maxPerPeer} requests of one
 * peer waiting or running at a time, so that one peer's flood cannot delay the others' answers
 * beyond that. Thread-safe.
 */
final class RequestQueue implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RequestQueue.class);

  private final String name;
  private final int maxPerPeer;
  private final ExecutorService executor;
  private final Map<NodeId, AtomicInteger> busy = new ConcurrentHashMap<>();

  RequestQueue(String name, int maxPerPeer) {
    this.name = name;
    this.maxPerPeer = maxPerPeer;
    this.executor =
        Executors.newSingleThreadExecutor(r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        });
  }

  /**
   * Runs {@code answer} later on the queue's thread; false (and nothing queued) when {@code peer}
   * already has {@code maxPerPeer} requests queued. A failing answer is logged.
   */
  boolean submit(NodeId peer, Runnable answer) {
    AtomicInteger count = busy.computeIfAbsent(peer, p -> new AtomicInteger());
    if (count.incrementAndGet() > maxPerPeer) {
      count.decrementAndGet();
      return false;
    }
    try {
      executor.execute(() -> {
        try {
          answer.run();
        } catch (RuntimeException e) {
          log.warn("{}: cannot answer a request of {}", name, peer, e);
        } finally {
          count.decrementAndGet();
        }
      });
    } catch (RejectedExecutionException closed) {
      count.decrementAndGet();
    }
    return true;
  }

  /** Forgets the count of a peer that disconnected. */
  void forget(NodeId peer) {
    busy.remove(peer);
  }

  @Override
  public void close() {
    Reactors.stop(name, List.of(), executor, log);
  }
}
