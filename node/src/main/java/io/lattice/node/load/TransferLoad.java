package io.lattice.node.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.proto.bank.v1.MsgSend;
import io.lattice.proto.tx.v1.Coin;
import io.lattice.runtime.tx.TxBuilder;
import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

/**
 * Pre-signed ed25519 bank transfers from a set of sender accounts, submitted over REST at a target
 * rate (or as fast as the nodes admit them) and timed to their commit. Sender s is always submitted
 * by lane {@code s % lanes} to node {@code lane % nodes}, one request at a time, so each sender's
 * sequences reach one node in order. Commit times come from one node's {@code /v1/events} block
 * stream ({@link #committed}).
 */
public final class TransferLoad {
  public static final String DENOM = "ulat";
  public static final long FEE = 2000;
  public static final long GAS = 200_000;
  private static final long BUSY_RETRY_NANOS = 20_000_000L;
  private static final long GIVE_UP_NANOS = 30_000_000_000L;

  /** One signed transfer and what became of it (times from {@link System#nanoTime()}). */
  public static final class Tx {
    final int sender;
    final String hash;
    final String body;
    volatile long submittedAt;
    volatile long acceptedAt;
    volatile long committedAt;
    volatile long height;
    volatile int code;
    volatile String log = "";

    Tx(int sender, byte[] bytes) {
      this.sender = sender;
      this.hash = HexFormat.of().formatHex(TxBuilder.hash(bytes));
      this.body = NodeRest.txBody(bytes);
    }
  }

  private final String chainId;
  private final List<PrivateKeySigner> senders = new ArrayList<>();
  private final List<String> addresses = new ArrayList<>();
  private final long[] accountNumbers;
  private final long[] sequences;
  private final String recipient;
  private final Map<String, Tx> pending = new ConcurrentHashMap<>();

  /** {@code senderCount} fresh ed25519 sender keys for chain {@code chainId}. */
  public TransferLoad(String chainId, int senderCount) {
    this.chainId = chainId;
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

  public List<String> addresses() {
    return addresses;
  }

  /** Reads every sender's account number and sequence from {@code api} (several at a time). */
  public void loadAccounts(NodeRest api) throws IOException, InterruptedException {
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
  public List<Tx> sign(int count) {
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
    return TxBuilder.forChain(chainId)
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

  static Coin coin(long amount) {
    return coin(BigInteger.valueOf(amount));
  }

  static Coin coin(BigInteger amount) {
    return Coin.newBuilder().setDenom(DENOM).setAmount(amount.toString()).build();
  }

  /**
   * Called for each block of the event stream: marks its transfers committed at {@code at}, with
   * the result code and log the block gave each of them.
   */
  public void committed(JsonNode block, long at) {
    long height = block.path("height").asLong();
    for (JsonNode r : block.path("tx_results")) {
      Tx tx = pending.remove(r.path("hash").asText());
      if (tx != null) {
        tx.height = height;
        tx.code = r.path("code").asInt();
        tx.log = r.path("log").asText();
        tx.committedAt = at;
      }
    }
  }

  /**
   * Submits {@code txs} over {@code lanes} lanes spread over {@code nodes}, then waits up to {@code
   * drainSeconds} for the accepted ones to commit. With {@code rate > 0} the i-th transaction is
   * due at {@code i / rate} seconds (a lane behind schedule stops 2 s after the planned end); with
   * {@code rate <= 0} each lane submits back to back until {@code maxNanos} have passed or its
   * transactions run out.
   */
  public LoadResult run(
      String name,
      List<Tx> txs,
      double rate,
      long maxNanos,
      List<NodeRest> nodes,
      int lanes,
      int drainSeconds)
      throws InterruptedException {
    for (Tx tx : txs) {
      pending.put(tx.hash, tx);
    }
    AtomicLong busy = new AtomicLong();
    Map<String, Integer> rejections = new ConcurrentHashMap<>();
    long start = System.nanoTime() + 100_000_000L;
    long stopAt =
        rate > 0 ? start + (long) (txs.size() * 1e9 / rate) + 2_000_000_000L : start + maxNanos;
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
                  long now = System.nanoTime();
                  if (now > stopAt) {
                    break;
                  }
                  long wait = rate > 0 ? start + (long) (i * 1e9 / rate) - now : start - now;
                  if (wait > 0) {
                    LockSupport.parkNanos(wait);
                  }
                  submit(node, tx, busy, rejections);
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
    return LoadResult.of(name, rate, start, submitted, txs, busy.get(), rejections);
  }

  private static void submit(
      NodeRest node, Tx tx, AtomicLong busy, Map<String, Integer> rejections) {
    tx.submittedAt = System.nanoTime();
    while (true) {
      NodeRest.Submission r = node.submit(tx.body);
      if (r.accepted()) {
        tx.acceptedAt = System.nanoTime();
        return;
      }
      if (r.busy() && System.nanoTime() - tx.submittedAt < GIVE_UP_NANOS) {
        busy.incrementAndGet();
        LockSupport.parkNanos(BUSY_RETRY_NANOS);
        continue;
      }
      rejections.merge(r.reason(), 1, Integer::sum);
      return;
    }
  }
}
