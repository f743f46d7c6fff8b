package io.lattice.e2e;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs scenarios on one network, each under its own fresh transfer load (new funded senders), each
 * followed by {@link ChainChecks}; on failure prints the tail of every node's log and marks the
 * network spoiled so that the next scenario starts a new one. {@link #close()} always tears the
 * network down.
 */
final class Scenario implements AutoCloseable {
  static final int SENDERS = 8;

  /** The body of a scenario. */
  interface Body {
    void run(Network net, TransferLoad load) throws Exception;
  }

  private final Path root;
  private final Network.Setup setup;
  private final int senders;
  private Network net;
  private int networks;

  Scenario(Path root) {
    this(root, Network.Setup.standard(), SENDERS);
  }

  /** Scenarios on networks made with {@code setup}, each under a load of {@code senders}. */
  Scenario(Path root, Network.Setup setup, int senders) {
    this.root = root;
    this.setup = setup;
    this.senders = senders;
  }

  /** The network of the next scenario: the current one, or a new one if none or spoiled. */
  Network network() throws Exception {
    if (net == null) {
      net = Network.start(root.resolve("net" + networks++), setup);
    }
    return net;
  }

  void run(String name, Body body) throws Exception {
    Network.log("=== " + name);
    Network current = network();
    TransferLoad load = null;
    boolean passed = false;
    try {
      load = TransferLoad.start(current, senders);
      awaitGrowth(current, List.of(0, 1, 2, 3, 4), 3);
      body.run(current, load);
      ChainChecks.verify(current, load);
      passed = true;
    } catch (Exception | Error e) {
      System.out.println("=== " + name + " failed: " + e);
      if (load != null) {
        System.out.println(load.summary());
      }
      System.out.println(current.logTails());
      throw e;
    } finally {
      if (load != null) {
        load.close();
      }
      if (!passed) {
        close();
      }
    }
  }

  @Override
  public void close() {
    if (net != null) {
      net.close();
      net = null;
    }
  }

  /** Waits until the highest of {@code nodes} is {@code blocks} past where it is now. */
  static long awaitGrowth(Network net, List<Integer> nodes, int blocks) {
    long from = highest(net, nodes);
    await(nodes + " commit " + blocks + " more blocks after " + from)
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(300))
        .until(() -> highest(net, nodes) >= from + blocks);
    return highest(net, nodes);
  }

  /**
   * Waits until the highest height of {@code nodes} has not changed for {@code still}; returns it.
   * Fails if the chain keeps moving for 60 s.
   */
  static long awaitStill(Network net, List<Integer> nodes, Duration still) {
    AtomicLong height = new AtomicLong(highest(net, nodes));
    AtomicLong since = new AtomicLong(System.nanoTime());
    await(nodes + " stop committing")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> {
          long h = highest(net, nodes);
          if (h != height.getAndSet(h)) {
            since.set(System.nanoTime());
          }
          return System.nanoTime() - since.get() >= still.toNanos();
        });
    Network.log(nodes + " halted at height " + height.get());
    return height.get();
  }

  static long highest(Network net, List<Integer> nodes) {
    return nodes.stream().mapToLong(i -> net.api(i).height().orElse(0L)).max().orElse(0);
  }

  /** Waits until {@code node} reports the height the others had when the wait began. */
  static void awaitCaughtUp(Network net, int node) {
    long target = net.maxHeight();
    await(net.name(node) + " catches up to " + target)
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> net.api(node).height().orElse(-1L) >= target);
    Network.log(net.name(node) + " caught up to " + target);
  }

  /**
   * Waits until a block above {@code after} carries validator {@code node}'s precommit for the
   * previous block in its last commit; returns that block's height.
   */
  static long awaitSigns(Network net, int node, long after) {
    String address = net.validatorAddress(node);
    AtomicLong scanned = new AtomicLong(after);
    AtomicLong found = new AtomicLong(-1);
    await(net.name(node) + " signs a block after " + after)
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> {
          long top = net.api(0).height().orElse(0L);
          for (long h = scanned.get() + 1; h <= top; h++) {
            JsonNode block = ChainChecks.block(net.api(0), h);
            for (JsonNode sig : block.path("last_commit").path("signatures")) {
              if (sig.path("validator_address").asText().equalsIgnoreCase(address)
                  && sig.path("block_id_flag").asText().equals("BLOCK_ID_FLAG_COMMIT")) {
                found.set(h);
                return true;
              }
            }
            scanned.set(h);
          }
          return false;
        });
    Network.log(net.name(node) + " signed again in the last commit of block " + found.get());
    return found.get();
  }

  static void sleep(Duration d) throws InterruptedException {
    Thread.sleep(d);
  }
}
