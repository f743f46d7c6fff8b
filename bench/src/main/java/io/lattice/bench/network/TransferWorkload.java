package io.lattice.bench.network;

import com.fasterxml.jackson.databind.JsonNode;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.node.local.LocalCluster;
import io.lattice.proto.bank.v1.MsgSend;
import io.lattice.proto.tx.v1.Coin;
import io.lattice.runtime.tx.TxBuilder;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

/**
 * Pre-signed ed25519 bank transfers from accounts funded in genesis, submitted over REST at a
 * target rate and timed to their commit. Sender s is always submitted by lane {@code s % lanes} to
 * node {@code lane % nodes}, one request at a time, so each sender's sequences reach one node in
 * order. Commit times come from one node's {@code /v1/events} block stream ({@link #committed}).
 */
final class TransferWorkload {
  static final long FEE = 2000;
  static final long GAS = 200_000;
  private static final long BUSY_RETRY_NANOS = 20_000_000L;
  private static final long GIVE_UP_NANOS = 30_000_000_000L;

  /** One signed transfer and what became of it (times from {@link System#nanoTime()}). */
  static final class Tx {
    final int sender;
    final String hash;
    final String body;
    volatile long submittedAt;
    volatile long acceptedAt;
    volatile long committedAt;
    volatile long height;
    volatile int status;

    Tx(int sender, byte[] bytes) {
      this.sender = sender;
      this.hash = HexFormat.of().formatHex(TxBuilder.hash(bytes));
      this.body = NodeRest.txBody(bytes);
    }
  }

  /** What one phase measured. */
  record Phase(
      String name,
      double offeredRate,
      int submitted,
      int accepted,
      int rejected,
      long busyRetries,
      int committed,
      double submitSeconds,
      double finalizedPerSecond,
      double windowFinalizedPerSecond,
      Stats finality,
      Stats admission,
      long firstHeight,
      long lastHeight,
      String firstRejection) {
    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%s: offered %.0f tx/s, submitted in %.1f s = %.0f tx/s (%d submitted, %d accepted, %d"
              + " rejected, %d busy retries);"
              + " %d finalized in blocks %d..%d = %.0f tx/s sustained (%.0f tx/s within the"
              + " submission window); finality %s; REST admission %s%s",
          name,
          offeredRate,
          submitSeconds,
          submitted / submitSeconds,
          submitted,
          accepted,
          rejected,
          busyRetries,
          committed,
          firstHeight,
          lastHeight,
          finalizedPerSecond,
          windowFinalizedPerSecond,
          finality,
          admission,
          firstRejection.isEmpty() ? "" : "; first rejection: " + firstRejection);
    }
  }

  private final List<PrivateKeySigner> senders = new ArrayList<>();
  private final List<String> addresses = new ArrayList<>();
  private final long[] accountNumbers;
  private final long[] sequences;
  private final String recipient;
  private final Map<String, Tx> pending = new ConcurrentHashMap<>();

  TransferWorkload(int senderCount) {
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < senderCount; i++) {
      PrivateKeySigner key = KeyPairs.generate(KeyAlgorithm.ED25519, random);
      senders.add(key);
      addresses.add(key.publicKey().address().toString());
    }
    accountNumbers = new long[senderCount];
    sequences = new long[senderCount];
    recipient = KeyPairs.generate(KeyAlgorithm.ED25519, random).publicKey().address().toString();
  }

  List<String> addresses() {
    return addresses;
  }

  /** Reads every sender's account number and sequence from {@code api} (several at a time). */
  void loadAccounts(NodeRest api) throws IOException, InterruptedException {
    AtomicInteger missing = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    int workers = 16;
    for (int w = 0; w < workers; w++) {
      int self = w;
      threads.add(
          Thread.ofVirtual()
              .start(() -> {
                for (int s = self; s < senders.size(); s += workers) {
                  var a = api.account(addresses.get(s));
                  if (a.isEmpty()) {
                    missing.incrementAndGet();
                    continue;
                  }
                  JsonNode account = a.get();
                  accountNumbers[s] = account.path("account_number").asLong();
                  sequences[s] = account.path("sequence").asLong();
                }
              }));
    }
    for (Thread t : threads) {
      t.join();
    }
    if (missing.get() > 0) {
      throw new IOException(missing.get() + " sender accounts not found on " + api);
    }
  }

  /** Signs {@code count} transfers, sender {@code i % senders} for the i-th, in sequence order. */
  List<Tx> sign(int count) {
    int n = senders.size();
    long[] base = sequences.clone();
    List<Tx> txs =
        IntStream.range(0, count)
            .parallel()
            .mapToObj(i -> {
              int s = i % n;
              long sequence = base[s] + i / n;
              return new Tx(s, transfer(s, sequence));
            })
            .toList();
    for (int i = 0; i < count; i++) {
      sequences[i % n]++;
    }
    return txs;
  }

  private byte[] transfer(int sender, long sequence) {
    return TxBuilder.forChain(LocalCluster.CHAIN_ID)
        .addMessage(
            MsgSend.newBuilder()
                .setFromAddress(addresses.get(sender))
                .setToAddress(recipient)
                .addAmount(coin(1))
                .build())
        .fee(List.of(coin(FEE)))
        .gasLimit(GAS)
        .signer(senders.get(sender), accountNumbers[sender], sequence)
        .buildBytes();
  }

  private static Coin coin(long amount) {
    return Coin.newBuilder().setDenom("ulat").setAmount(Long.toString(amount)).build();
  }

  /** Called for each block of the event stream: marks its transfers committed at {@code at}. */
  void committed(JsonNode block, long at) {
    long height = block.path("height").asLong();
    for (JsonNode h : block.path("txs")) {
      Tx tx = pending.remove(h.asText());
      if (tx != null) {
        tx.height = height;
        tx.committedAt = at;
      }
    }
  }

  /**
   * Submits {@code txs} at {@code rate} per second in total over {@code lanes} lanes spread over
   * {@code nodes}, then waits up to {@code drainSeconds} for the accepted ones to commit.
   */
  Phase run(
      String name, List<Tx> txs, double rate, List<NodeRest> nodes, int lanes, int drainSeconds)
      throws InterruptedException {
    for (Tx tx : txs) {
      pending.put(tx.hash, tx);
    }
    AtomicLong busy = new AtomicLong();
    AtomicInteger rejected = new AtomicInteger();
    java.util.concurrent.atomic.AtomicReference<String> firstRejection =
        new java.util.concurrent.atomic.AtomicReference<>("");
    long start = System.nanoTime() + 100_000_000L;
    // a lane behind schedule stops at the planned end + 2 s; what it did not submit is left out
    long stopAt = start + (long) (txs.size() * 1e9 / rate) + 2_000_000_000L;
    List<Thread> threads = new ArrayList<>();
    for (int lane = 0; lane < lanes; lane++) {
      int self = lane;
      NodeRest node = nodes.get(lane % nodes.size());
      threads.add(
          Thread.ofVirtual()
              .name("lane-" + lane)
              .start(() -> {
                for (int i = 0; i < txs.size(); i++) {
                  Tx tx = txs.get(i);
                  if (tx.sender % lanes != self) {
                    continue;
                  }
                  if (System.nanoTime() > stopAt) {
                    break;
                  }
                  long wait = start + (long) (i * 1e9 / rate) - System.nanoTime();
                  if (wait > 0) {
                    LockSupport.parkNanos(wait);
                  }
                  tx.submittedAt = System.nanoTime();
                  while (true) {
                    NodeRest.Submission r = node.submit(tx.body);
                    tx.status = r.status();
                    if (r.accepted()) {
                      tx.acceptedAt = System.nanoTime();
                      break;
                    }
                    if (r.busy() && System.nanoTime() - tx.submittedAt < GIVE_UP_NANOS) {
                      busy.incrementAndGet();
                      LockSupport.parkNanos(BUSY_RETRY_NANOS);
                      continue;
                    }
                    pending.remove(tx.hash);
                    if (rejected.getAndIncrement() == 0) {
                      firstRejection.set(node.name() + ": " + r.status() + " " + r.body());
                    }
                    break;
                  }
                }
              }));
    }
    for (Thread t : threads) {
      t.join();
    }
    long submitted = System.nanoTime();
    long deadline = submitted + drainSeconds * 1_000_000_000L;
    while (System.nanoTime() < deadline
        && txs.stream().anyMatch(t -> t.acceptedAt != 0 && t.committedAt == 0)) {
      Thread.sleep(200);
    }
    for (Tx tx : txs) {
      pending.remove(tx.hash);
    }
    List<Tx> done = txs.stream().filter(t -> t.committedAt != 0).toList();
    long[] finality = done.stream().mapToLong(t -> t.committedAt - t.submittedAt).toArray();
    long[] admission =
        txs.stream()
            .filter(t -> t.acceptedAt != 0)
            .mapToLong(t -> t.acceptedAt - t.submittedAt)
            .toArray();
    long lastCommit = done.stream().mapToLong(t -> t.committedAt).max().orElse(start);
    long inWindow = done.stream().filter(t -> t.committedAt <= submitted).count();
    double submitSeconds = (submitted - start) / 1e9;
    return new Phase(
        name,
        rate,
        (int) txs.stream().filter(t -> t.submittedAt != 0).count(),
        (int) txs.stream().filter(t -> t.acceptedAt != 0).count(),
        rejected.get(),
        busy.get(),
        done.size(),
        submitSeconds,
        done.isEmpty() ? 0 : done.size() / ((lastCommit - start) / 1e9),
        inWindow / submitSeconds,
        Stats.ofNanos(finality),
        Stats.ofNanos(admission),
        done.stream().mapToLong(t -> t.height).min().orElse(0),
        done.stream().mapToLong(t -> t.height).max().orElse(0),
        firstRejection.get());
  }
}
