package io.lattice.e2e;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lattice.crypto.Address;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.crypto.Signer;
import io.lattice.crypto.keyring.Backend;
import io.lattice.crypto.keyring.Keyring;
import io.lattice.crypto.keyring.PassphraseSource;
import io.lattice.node.config.HomeInitializer;
import io.lattice.node.local.LocalCluster;
import io.lattice.proto.bank.v1.MsgSend;
import io.lattice.proto.tx.v1.Coin;
import io.lattice.runtime.tx.TxBuilder;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A steady load of signed bank transfers: {@code senders} accounts funded by the faucet, each
 * sending small amounts to one sink account, one transaction in flight per account (the next
 * sequence is signed only once the previous transaction is committed), submitted round-robin to
 * every node. A transaction not committed within {@link #RESUBMIT_AFTER} is submitted again, same
 * bytes, to the next node, so a transaction accepted by a node that then dies is not given up:
 * every signed transfer either commits once or the run fails.
 */
final class TransferLoad implements AutoCloseable {
  static final long FEE = 2000;
  static final long GAS = 200_000;
  static final long FUNDS = 100_000_000;
  private static final Duration RESUBMIT_AFTER = Duration.ofSeconds(6);
  private static final Duration PACE = Duration.ofMillis(500);

  /** One signed transfer and what happened to it. */
  static final class Transfer {
    final int sender;
    final long sequence;
    final long amount;
    final byte[] bytes;
    final String hash;
    final List<String> acceptedBy = new ArrayList<>();
    volatile long committedHeight = -1;

    Transfer(int sender, long sequence, long amount, byte[] bytes) {
      this.sender = sender;
      this.sequence = sequence;
      this.amount = amount;
      this.bytes = bytes;
      this.hash = HexFormat.of().formatHex(TxBuilder.hash(bytes));
    }

    synchronized boolean accepted() {
      return !acceptedBy.isEmpty();
    }

    synchronized List<String> acceptedBy() {
      return List.copyOf(acceptedBy);
    }

    @Override
    public String toString() {
      return "transfer "
          + hash
          + " (sender "
          + sender
          + ", seq "
          + sequence
          + ", accepted by "
          + acceptedBy()
          + (committedHeight > 0 ? ", committed at " + committedHeight : ", not committed")
          + ")";
    }
  }

  private final Network net;
  private final List<PrivateKeySigner> senders = new ArrayList<>();
  private final List<Long> accountNumbers = new ArrayList<>();
  private final PrivateKeySigner sink;
  private final ConcurrentLinkedQueue<Transfer> transfers = new ConcurrentLinkedQueue<>();
  private final AtomicInteger nextNode = new AtomicInteger();
  private final AtomicLong resubmissions = new AtomicLong();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running;

  private TransferLoad(Network net, int senders) {
    this.net = net;
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < senders; i++) {
      this.senders.add(KeyPairs.generate(KeyAlgorithm.ED25519, random));
    }
    this.sink = KeyPairs.generate(KeyAlgorithm.ED25519, random);
  }

  /** Funds {@code senders} new accounts from the faucet (one transaction) and starts sending. */
  static TransferLoad start(Network net, int senders) throws Exception {
    TransferLoad load = new TransferLoad(net, senders);
    load.fund();
    load.running = true;
    for (int i = 0; i < senders; i++) {
      int sender = i;
      load.threads.add(Thread.ofVirtual().name("sender-" + i).start(() -> load.send(sender)));
    }
    return load;
  }

  private void fund() throws Exception {
    PrivateKeySigner faucet =
        Keyring.open(net.faucetHome(), Backend.TEST, PassphraseSource.none())
            .signer(HomeInitializer.FAUCET_KEY_NAME);
    String faucetAddress = address(faucet);
    JsonNode account =
        await("faucet account")
            .atMost(Duration.ofSeconds(60))
            .until(() -> net.api(0).account(faucetAddress), Optional::isPresent)
            .orElseThrow();
    TxBuilder tx = TxBuilder.forChain(LocalCluster.CHAIN_ID);
    for (PrivateKeySigner s : senders) {
      tx.addMessage(
          MsgSend.newBuilder()
              .setFromAddress(faucetAddress)
              .setToAddress(address(s))
              .addAmount(coin(FUNDS))
              .build());
    }
    byte[] bytes =
        tx.fee(List.of(coin(FEE * senders.size())))
            .gasLimit(GAS * senders.size())
            .signer(
                faucet, account.path("account_number").asLong(), account.path("sequence").asLong())
            .buildBytes();
    NodeApi.Submission result =
        net.api(0)
            .submit(bytes, "commit", Duration.ofSeconds(40))
            .orElseThrow(() -> new AssertionError("node0 did not answer the funding transaction"));
    if (!result.accepted()) {
      throw new AssertionError("funding transaction failed: " + result);
    }
    for (PrivateKeySigner s : senders) {
      JsonNode a =
          await("sender account")
              .atMost(Duration.ofSeconds(30))
              .until(() -> net.api(0).account(address(s)), Optional::isPresent)
              .orElseThrow();
      accountNumbers.add(a.path("account_number").asLong());
    }
    Network.log("funded " + senders.size() + " senders at height " + result.body().path("height"));
  }

  private void send(int sender) {
    long sequence = 0;
    while (running) {
      long amount = 1000 + sender * 10L + sequence % 7;
      byte[] bytes =
          TxBuilder.forChain(LocalCluster.CHAIN_ID)
              .addMessage(
                  MsgSend.newBuilder()
                      .setFromAddress(address(senders.get(sender)))
                      .setToAddress(address(sink))
                      .addAmount(coin(amount))
                      .build())
              .fee(List.of(coin(FEE)))
              .gasLimit(GAS)
              .signer(senders.get(sender), accountNumbers.get(sender), sequence)
              .buildBytes();
      Transfer t = new Transfer(sender, sequence, amount, bytes);
      transfers.add(t);
      if (!deliver(t)) {
        return;
      }
      sequence++;
      sleep(PACE);
    }
  }

  /**
   * Submits {@code t} until some node accepts it, then waits for its commit, submitting it again to
   * the next node every {@link #RESUBMIT_AFTER}. A signed transfer is never given up, even when the
   * load is draining or no node has confirmed it yet: a node may have admitted it after the client
   * timed out (a paused node answers late), so it may still commit and must be counted. False only
   * if the load was closed first.
   */
  private boolean deliver(Transfer t) {
    long lastSubmit = 0;
    while (!closed) {
      if (System.nanoTime() - lastSubmit > RESUBMIT_AFTER.toNanos() || !t.accepted()) {
        if (lastSubmit != 0 && t.accepted()) {
          resubmissions.incrementAndGet();
        }
        NodeApi node = next();
        Optional<NodeApi.Submission> r = node.submit(t.bytes, "sync", Duration.ofSeconds(3));
        if (r.isPresent() && (r.get().accepted() || r.get().alreadyInMempool())) {
          synchronized (t) {
            t.acceptedBy.add(node.name() + (r.get().accepted() ? "" : " (held already)"));
          }
          lastSubmit = System.nanoTime();
        } else if (t.accepted()) {
          lastSubmit = System.nanoTime() - RESUBMIT_AFTER.toNanos() + 1_000_000_000L;
        }
      }
      Optional<JsonNode> committed = next().tx(t.hash);
      if (committed.isPresent()) {
        t.committedHeight = committed.get().path("height").asLong();
        return true;
      }
      sleep(Duration.ofMillis(250));
    }
    return false;
  }

  private volatile boolean closed;

  private NodeApi next() {
    List<NodeApi> apis = net.apis();
    return apis.get(Math.floorMod(nextNode.getAndIncrement(), apis.size()));
  }

  /**
   * Stops signing new transfers and waits until every signed transfer is committed.
   *
   * @throws AssertionError naming the transfers still not committed after {@code timeout}
   */
  void drain(Duration timeout) throws InterruptedException {
    running = false;
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Thread t : threads) {
      long left = deadline - System.nanoTime();
      if (left > 0) {
        t.join(Duration.ofNanos(left));
      }
    }
    List<Transfer> lost = transfers.stream().filter(t -> t.committedHeight < 0).toList();
    if (!lost.isEmpty()) {
      throw new AssertionError(
          lost.size() + " signed transfer(s) not committed within " + timeout + ": " + lost);
    }
    Network.log(summary());
  }

  String summary() {
    long accepted = transfers.stream().filter(Transfer::accepted).count();
    long committed = transfers.stream().filter(t -> t.committedHeight > 0).count();
    return "load: "
        + transfers.size()
        + " transfers signed, "
        + accepted
        + " confirmed accepted by a node, "
        + committed
        + " committed, "
        + resubmissions.get()
        + " resubmissions";
  }

  /** Every transfer signed so far. */
  List<Transfer> transfers() {
    return List.copyOf(transfers);
  }

  long committedCount() {
    return transfers.stream().filter(t -> t.committedHeight > 0).count();
  }

  List<PrivateKeySigner> senders() {
    return senders;
  }

  String sinkAddress() {
    return address(sink);
  }

  static String address(Signer s) {
    Address a = s.publicKey().address();
    return a.toString();
  }

  static Coin coin(long amount) {
    return Coin.newBuilder().setDenom("ulat").setAmount(Long.toString(amount)).build();
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    closed = true;
    for (Thread t : threads) {
      t.interrupt();
    }
  }
}
