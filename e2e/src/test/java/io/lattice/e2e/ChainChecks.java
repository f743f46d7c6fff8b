package io.lattice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

  /** Compares every block hash up to the lowest common height; returns that height. */
  static long sameChain(Network net) {
    long common = Long.MAX_VALUE;
    for (NodeApi api : net.apis()) {
      common =
          Math.min(common, api.height().orElseThrow(() -> new AssertionError(api + " is down")));
    }
    String previous = null;
    for (long h = 1; h <= common; h++) {
      String hash = null;
      for (NodeApi api : net.apis()) {
        JsonNode block = block(api, h);
        String b = block.path("hash").asText();
        if (hash == null) {
          hash = b;
          if (previous != null) {
            assertThat(block.path("header").path("last_block_hash").asText())
                .as("block %d on %s links to block %d", h, api, h - 1)
                .isEqualTo(previous);
          }
        } else {
          assertThat(b).as("hash of block %d on %s vs %s", h, api, net.api(0)).isEqualTo(hash);
        }
      }
      previous = hash;
    }
    return common;
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
    for (long h = 1; h <= common; h++) {
      JsonNode block = block(net.api(0), h);
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
      for (NodeApi api : net.apis()) {
        JsonNode tx =
            retry(() -> api.tx(t.hash))
                .orElseThrow(() -> new AssertionError(api + " lost committed " + t));
        assertThat(tx.path("height").asLong())
            .as("height of %s on %s", t, api)
            .isEqualTo(t.committedHeight);
        assertThat(tx.path("code").asInt()).as("code of %s on %s", t, api).isZero();
      }
    }
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
