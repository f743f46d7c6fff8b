package io.lattice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * What must hold after every scenario, checked over the API of every node: one chain (same block
 * hash at every height up to the lowest common height, each block linked to the previous), every
 * signed transfer committed exactly once and seen at the same height by every node, and balances
 * that add up.
 */
final class ChainChecks {
  private ChainChecks() {}

  /** Drains the load, waits until every node is at the last commit, and checks everything. */
  static void verify(Network net, TransferLoad load) throws InterruptedException {
    load.drain(Duration.ofSeconds(90));
    long top = net.maxHeight();
    net.awaitAllAt(top, Duration.ofSeconds(90));
    long common = sameChain(net);
    assertThat(common).isGreaterThanOrEqualTo(top);
    committedExactlyOnce(net, load, common);
    balancesAddUp(net, load);
    Network.log("checks passed up to height " + common + "; " + load.summary());
  }

  /**
   * Compares every block hash up to the lowest common height; returns that height. Each node's
   * blocks are read by a thread of its own (the nodes answer in parallel), then compared.
   */
  static long sameChain(Network net) {
    long common = Long.MAX_VALUE;
    List<NodeApi> apis = net.apis();
    for (NodeApi api : apis) {
      common =
          Math.min(common, api.height().orElseThrow(() -> new AssertionError(api + " is down")));
    }
    long top = common;
    List<String[][]> chains =
        inParallel(
            apis,
            api -> {
              String[][] links = new String[(int) top + 1][];
              for (long h = earliest(api); h <= top; h++) {
                JsonNode block = block(api, h);
                links[(int) h] =
                    new String[] {
                      block.path("hash").asText(),
                      block.path("header").path("last_block_hash").asText()
                    };
              }
              return links;
            });
    for (long h = 1; h <= common; h++) {
      String hash = chains.get(0)[(int) h][0];
      if (h > 1) {
        assertThat(chains.get(0)[(int) h][1])
            .as("block %d on %s links to block %d", h, apis.get(0), h - 1)
            .isEqualTo(chains.get(0)[(int) h - 1][0]);
      }
      for (int n = 1; n < apis.size(); n++) {
        if (chains.get(n)[(int) h] == null) {
          continue; // before the snapshot a state-synced node started from
        }
        assertThat(chains.get(n)[(int) h][0])
            .as("hash of block %d on %s vs %s", h, apis.get(n), apis.get(0))
            .isEqualTo(hash);
      }
    }
    return common;
  }

  /**
   * {@code read} applied to every item (a node, a range of heights), each in a virtual thread of
   * its own; the results in item order. An assertion failure in one is rethrown.
   */
  static <A, T> List<T> inParallel(List<A> items, Function<A, T> read) {
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<T>> futures = new ArrayList<>();
      for (A item : items) {
        futures.add(executor.submit(() -> read.apply(item)));
      }
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        try {
          out.add(f.get());
        } catch (ExecutionException e) {
          if (e.getCause() instanceof Error error) {
            throw error;
          }
          throw new AssertionError("reading a node failed", e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted while reading the nodes", e);
        }
      }
      return out;
    }
  }

  /** The first block {@code api}'s node stores (above 1 after state sync). */
  static long earliest(NodeApi api) {
    return api.status()
        .map(s -> s.path("earliest_block_height").asLong(1))
        .filter(h -> h >= 1)
        .orElse(1L);
  }

  static JsonNode block(NodeApi api, long height) {
    for (int attempt = 0; attempt < 5; attempt++) {
      Optional<JsonNode> b = api.block(height);
      if (b.isPresent()) {
        return b.get();
      }
      sleep();
    }
    throw new AssertionError(api + " does not serve block " + height);
  }

  /**
   * Every signed transfer appears in exactly one block up to {@code common}, with code 0, and every
   * node reports it at that height; no block holds any transaction twice.
   */
  static void committedExactlyOnce(Network net, TransferLoad load, long common) {
    Map<String, Integer> seen = new HashMap<>();
    Map<String, Long> heightOf = new HashMap<>();
    int stripes = 4;
    List<Map<Long, JsonNode>> read =
        inParallel(
            IntStream.range(0, stripes).boxed().toList(),
            stripe -> {
              Map<Long, JsonNode> blocks = new HashMap<>();
              for (long h = 1L + stripe; h <= common; h += stripes) {
                blocks.put(h, block(net.api(0), h));
              }
              return blocks;
            });
    for (long h = 1; h <= common; h++) {
      JsonNode block = read.get((int) ((h - 1) % stripes)).get(h);
      for (JsonNode tx : block.path("txs")) {
        seen.merge(tx.asText(), 1, Integer::sum);
        heightOf.put(tx.asText(), h);
      }
      for (JsonNode r : block.path("tx_results")) {
        if (r.path("code").asInt() != 0 && isOurs(load, r.path("hash").asText())) {
          throw new AssertionError("a load transfer failed in block " + h + ": " + r);
        }
      }
    }
    seen.forEach(
        (hash, count) -> assertThat(count).as("times tx %s is in the chain", hash).isEqualTo(1));
    List<TransferLoad.Transfer> transfers = load.transfers();
    assertThat(transfers).as("transfers of the load").isNotEmpty();
    for (TransferLoad.Transfer t : transfers) {
      assertThat(heightOf).as("the chain holds %s", t).containsKey(t.hash);
      assertThat(heightOf.get(t.hash)).as("height of %s", t).isEqualTo(t.committedHeight);
    }
    inParallel(
        net.apis(),
        api -> {
          long earliest = earliest(api);
          for (TransferLoad.Transfer t : transfers) {
            if (t.committedHeight < earliest) {
              continue; // a state-synced node has no history before its snapshot
            }
            JsonNode tx =
                retry(() -> api.tx(t.hash))
                    .orElseThrow(() -> new AssertionError(api + " lost committed " + t));
            assertThat(tx.path("height").asLong())
                .as("height of %s on %s", t, api)
                .isEqualTo(t.committedHeight);
            assertThat(tx.path("code").asInt()).as("code of %s on %s", t, api).isZero();
          }
          return true;
        });
  }

  private static boolean isOurs(TransferLoad load, String hash) {
    return load.transfers().stream().anyMatch(t -> t.hash.equals(hash));
  }

  /**
   * Each sender holds its funds less the amount and fee of each of its committed transfers, the
   * sink holds the sum of the amounts, on every node.
   */
  static void balancesAddUp(Network net, TransferLoad load) {
    List<TransferLoad.Transfer> transfers = load.transfers();
    long sunk = 0;
    for (int s = 0; s < load.senders().size(); s++) {
      int sender = s;
      long spent =
          transfers.stream()
              .filter(t -> t.sender == sender)
              .mapToLong(t -> t.amount + TransferLoad.FEE)
              .sum();
      sunk += transfers.stream().filter(t -> t.sender == sender).mapToLong(t -> t.amount).sum();
      String address = TransferLoad.address(load.senders().get(s));
      for (NodeApi api : net.apis()) {
        assertThat(balance(api, address))
            .as("balance of sender %d on %s", s, api)
            .isEqualTo(BigInteger.valueOf(TransferLoad.FUNDS - spent));
      }
    }
    for (NodeApi api : net.apis()) {
      assertThat(balance(api, load.sinkAddress()))
          .as("balance of the sink on %s", api)
          .isEqualTo(BigInteger.valueOf(sunk));
    }
  }

  private static BigInteger balance(NodeApi api, String address) {
    JsonNode account =
        retry(() -> api.account(address))
            .orElseThrow(() -> new AssertionError(api + " does not know account " + address));
    for (JsonNode c : account.path("balances")) {
      if (c.path("denom").asText().equals("ulat")) {
        return new BigInteger(c.path("amount").asText());
      }
    }
    return BigInteger.ZERO;
  }

  private static <T> Optional<T> retry(java.util.function.Supplier<Optional<T>> call) {
    for (int attempt = 0; attempt < 5; attempt++) {
      Optional<T> r = call.get();
      if (r.isPresent()) {
        return r;
      }
      sleep();
    }
    return Optional.empty();
  }

  private static void sleep() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
