package io.lattice.bench.peer.hardhat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.web3j.utils.Numeric;

/**
 * Finds the expected transfers in mined blocks: fetches every block after a start (up to {@value
 * #BATCH} per batched {@code eth_getBlockByNumber} request, transaction hashes only) and marks each
 * expected transfer found in one committed.
 *
 * <p>Without a {@link HeadStream}, it watches from its own thread ({@link #start}): it polls {@code
 * eth_blockNumber}, fetches the new blocks, and takes the moment a block's answer arrived as its
 * transfers' commit time; when the head has not moved it waits the poll interval before asking
 * again. With one, the commit time is when the block's header arrived on the stream, and the blocks
 * are fetched after the run ({@link #fetchUpTo}), adding no requests during it.
 */
final class BlockWatcher implements AutoCloseable {
  static final int BATCH = 200;

  private final JsonRpc rpc;
  private final long pollNanos;
  private final Map<String, Transfer> pending = new ConcurrentHashMap<>();
  private final AtomicLong blocks = new AtomicLong();
  private final AtomicLong otherTxs = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong missedHeads = new AtomicLong();
  private final Optional<HeadStream> heads;
  private final Thread thread;
  private volatile long seen;
  private volatile boolean stop;
  private volatile String lastError = "";

  /** Watches the blocks after {@code afterBlock}: call {@link #expect}, then {@link #start}. */
  BlockWatcher(JsonRpc rpc, long afterBlock, Duration poll, Optional<HeadStream> heads) {
    this.rpc = rpc;
    this.heads = heads;
    this.seen = afterBlock;
    this.pollNanos = poll.toNanos();
    this.thread = Thread.ofPlatform().daemon().name("block-watcher").unstarted(this::loop);
  }

  void expect(Collection<Transfer> transfers) {
    for (Transfer t : transfers) {
      pending.put(t.hash, t);
    }
  }

  void start() {
    thread.start();
  }

  /** The last block fetched. */
  long seen() {
    return seen;
  }

  long blocks() {
    return blocks.get();
  }

  /** Transactions in the watched blocks that were not expected (none in a clean run). */
  long otherTxs() {
    return otherTxs.get();
  }

  /** Blocks whose header never arrived on the stream (their fetch time stood in). */
  long missedHeads() {
    return missedHeads.get();
  }

  long errors() {
    return errors.get();
  }

  String lastError() {
    return lastError;
  }

  /** Waits until block {@code height} has been fetched; false if {@code timeout} passed first. */
  boolean awaitBlock(long height, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (seen < height) {
      if (System.nanoTime() > deadline || !thread.isAlive()) {
        return false;
      }
      Thread.sleep(5);
    }
    return true;
  }

  private void loop() {
    while (!stop) {
      try {
        long head = quantity(rpc.call("eth_blockNumber"));
        if (head <= seen) {
          LockSupport.parkNanos(pollNanos);
          continue;
        }
        fetchUpTo(head);
      } catch (IOException e) {
        errors.incrementAndGet();
        lastError = e.toString();
        LockSupport.parkNanos(pollNanos);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Fetches the blocks after the last one fetched, up to {@code head}. */
  void fetchUpTo(long head) throws IOException, InterruptedException {
    for (long from = seen + 1; from <= head && !stop; from += BATCH) {
      long to = Math.min(head, from + BATCH - 1);
      List<List<Object>> params = new ArrayList<>();
      for (long b = from; b <= to; b++) {
        params.add(List.of(Numeric.toHexStringWithPrefix(BigInteger.valueOf(b)), false));
      }
      List<JsonNode> fetched = rpc.batch("eth_getBlockByNumber", params);
      long now = System.nanoTime();
      for (JsonNode block : fetched) {
        record(block, now);
      }
      seen = to;
    }
  }

  private void record(JsonNode block, long now) throws IOException {
    if (!block.isObject()) {
      throw new IOException("eth_getBlockByNumber answered " + block);
    }
    long number = quantity(block.path("number"));
    long at = now;
    if (heads.isPresent()) {
      Optional<Long> headAt = heads.get().seenAt(number);
      if (headAt.isPresent()) {
        at = headAt.get();
      } else {
        missedHeads.incrementAndGet();
      }
    }
    for (JsonNode hash : block.path("transactions")) {
      Transfer t = pending.remove(hash.asText());
      if (t == null) {
        otherTxs.incrementAndGet();
      } else {
        t.block = number;
        t.committedAt = at;
      }
    }
    blocks.incrementAndGet();
  }

  static long quantity(JsonNode hex) throws IOException {
    if (!hex.isTextual() || !hex.asText().startsWith("0x")) {
      throw new IOException("expected a hex quantity, got " + hex);
    }
    return Numeric.decodeQuantity(hex.asText()).longValueExact();
  }

  @Override
  public void close() {
    stop = true;
    thread.interrupt();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
