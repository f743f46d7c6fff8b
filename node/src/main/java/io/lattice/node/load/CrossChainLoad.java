package io.lattice.node.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.proto.xchain.v1.MsgRegisterWithStake;
import io.lattice.runtime.tx.TxBuilder;
import io.lattice.sdk.ChatChainClient;
import io.lattice.sdk.Wallet;
import java.io.IOException;
import java.math.BigInteger;
import java.net.http.WebSocket;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * Pre-signed {@code register_user_with_stake} operations (xchain.md §5.1), one per fresh account
 * (an account holds one username), submitted to the currency chain over REST and followed to their
 * final status. Each committed block of the watched currency-chain node's {@code /v1/events} stream
 * is read transaction by transaction ({@code GET /v1/txs/{hash}}): a starting transaction's {@code
 * xchain.op} event gives the operation's id, a later {@code xchain.op} event with status {@code
 * AtomicSuccess} or {@code RolledBack} its end, timed at the arrival of that block. An operation
 * whose end was not seen on the stream (a dropped connection) is looked up with {@code GET
 * /v1/query/xchain/op} at the end of the run.
 */
public final class CrossChainLoad {
  public static final long GAS = 400_000;
  public static final long FEE = 4_000;
  private static final long BUSY_RETRY_NANOS = 50_000_000L;
  private static final long GIVE_UP_NANOS = 60_000_000_000L;

  /** Final statuses of an operation as the chains name them. */
  public static final String SUCCESS = "AtomicSuccess";

  public static final String ROLLED_BACK = "RolledBack";
  public static final String FAILED = "Failed";

  /** One operation: its account, username, signed starting transaction and what became of it. */
  public static final class Op {
    final int index;
    final Wallet owner;
    final String username;
    volatile String hash = "";
    volatile String body = "";
    volatile long submittedAt;
    volatile long acceptedAt;
    volatile long startedAt;
    volatile long finishedAt;
    volatile String id = "";
    volatile String status = "";
    volatile String reason = "";
    volatile String rejection = "";

    Op(int index, Wallet owner, String username) {
      this.index = index;
      this.owner = owner;
      this.username = username;
    }

    public String owner() {
      return owner.address();
    }

    public Wallet wallet() {
      return owner;
    }

    public String username() {
      return username;
    }

    public String txHash() {
      return hash;
    }

    /** The operation id ({@code lattice-currency-1/<sequence>}); empty until it started. */
    public String id() {
      return id;
    }

    /**
     * {@code AtomicSuccess}, {@code RolledBack}, {@code Failed} (the starting transaction failed in
     * its block) or empty (not final, or never admitted: see {@link #rejection()}).
     */
    public String status() {
      return status;
    }

    public String reason() {
      return reason;
    }

    /** Why the node refused the starting transaction; empty if it admitted it. */
    public String rejection() {
      return rejection;
    }

    boolean isFinal() {
      return !status.isEmpty();
    }
  }

  private record Seen(String status, String reason, long at) {}

  private final String chainId;
  private final List<Op> ops = new ArrayList<>();
  private final BigInteger stake;
  private final String validator;
  private final long lockSeconds;
  private final Map<String, Op> byHash = new ConcurrentHashMap<>();
  private final Map<String, Op> byId = new ConcurrentHashMap<>();
  private final Map<String, Seen> endedEarly = new ConcurrentHashMap<>();
  private final Semaphore fetches = new Semaphore(16);
  private final AtomicLong lastHeight = new AtomicLong();
  private volatile long firstHeight;

  /**
   * {@code count} fresh accounts on chain {@code chainId}, each registering {@code prefix + "_" +
   * i} with {@code stake} ulat bonded to {@code validator} for {@code lockSeconds}.
   */
  public CrossChainLoad(
      String chainId,
      int count,
      String prefix,
      BigInteger stake,
      String validator,
      long lockSeconds) {
    this(
        chainId,
        IntStream.range(0, count).mapToObj(i -> prefix + "_" + i).toList(),
        stake,
        validator,
        lockSeconds);
  }

  /** One fresh account per entry of {@code usernames}, registering that name. */
  public CrossChainLoad(
      String chainId,
      List<String> usernames,
      BigInteger stake,
      String validator,
      long lockSeconds) {
    this.chainId = chainId;
    this.stake = stake;
    this.validator = validator;
    this.lockSeconds = lockSeconds;
    SecureRandom random = new SecureRandom();
    List<Wallet> wallets =
        IntStream.range(0, usernames.size())
            .parallel()
            .mapToObj(i -> Wallet.fromSigner(KeyPairs.generate(KeyAlgorithm.ED25519, random)))
            .toList();
    for (int i = 0; i < usernames.size(); i++) {
      ops.add(new Op(i, wallets.get(i), usernames.get(i)));
    }
  }

  /** A username prefix unlikely to be taken: a letter and 7 random letters or digits. */
  public static String randomPrefix() {
    SecureRandom random = new SecureRandom();
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder s = new StringBuilder("x");
    for (int i = 0; i < 7; i++) {
      s.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return s.toString();
  }

  public List<Op> ops() {
    return ops;
  }

  public List<String> addresses() {
    return ops.stream().map(Op::owner).toList();
  }

  /** What each account needs: the stake and the starting transaction's fee. */
  public BigInteger fundingEach() {
    return stake.add(BigInteger.valueOf(FEE));
  }

  /**
   * Signs each account's starting transaction with the account number and sequence {@code api}
   * reports for it.
   *
   * @throws IOException if an account is not found (not funded yet)
   */
  public void sign(NodeRest api) throws IOException, InterruptedException {
    AtomicLong missing = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    int workers = 16;
    for (int w = 0; w < workers; w++) {
      int self = w;
      threads.add(
          Thread.ofVirtual()
              .start(() -> {
                for (int i = self; i < ops.size(); i += workers) {
                  Op op = ops.get(i);
                  Optional<JsonNode> a = api.account(op.owner());
                  if (a.isEmpty()) {
                    missing.incrementAndGet();
                    continue;
                  }
                  byte[] tx =
                      start(
                          op,
                          a.get().path("account_number").asLong(),
                          a.get().path("sequence").asLong());
                  op.hash = HexFormat.of().formatHex(TxBuilder.hash(tx));
                  op.body = NodeRest.txBody(tx);
                }
              }));
    }
    for (Thread t : threads) {
      t.join();
    }
    if (missing.get() > 0) {
      throw new IOException(missing.get() + " accounts not found on " + api);
    }
  }

  private byte[] start(Op op, long accountNumber, long sequence) {
    MsgRegisterWithStake msg =
        MsgRegisterWithStake.newBuilder()
            .setOwner(op.owner())
            .setUsername(op.username)
            .setKeys(ChatChainClient.encryptionKeys(op.owner))
            .setStake(TransferLoad.coin(stake))
            .setValidator(validator)
            .setLockSeconds(lockSeconds)
            .build();
    return TxBuilder.forChain(chainId)
        .addMessage(msg)
        .fee(List.of(TransferLoad.coin(FEE)))
        .gasLimit(GAS)
        .signer(op.owner.signer(), accountNumber, sequence)
        .buildBytes();
  }

  /**
   * Called for each block of the watched node's event stream (on its thread): reads the block's
   * transactions on virtual threads and records the operations they start and end.
   */
  public void committed(JsonNode block, long at) {
    long height = block.path("height").asLong();
    lastHeight.accumulateAndGet(height, Math::max);
    for (JsonNode r : block.path("tx_results")) {
      String hash = r.path("hash").asText();
      Op mine = byHash.get(hash);
      if (mine != null && r.path("code").asInt() != 0) {
        mine.status = FAILED;
        mine.reason = r.path("log").asText();
        mine.finishedAt = at;
        continue;
      }
      Thread.ofVirtual().start(() -> readTx(api, hash, mine, at, height));
    }
  }

  private volatile NodeRest api;

  private void readTx(NodeRest node, String hash, Op mine, long at, long height) {
    try {
      fetches.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    try {
      Optional<JsonNode> tx = Optional.empty();
      for (int attempt = 0; attempt < 50 && tx.isEmpty(); attempt++) {
        tx = node.tx(hash);
        if (tx.isEmpty()) {
          LockSupport.parkNanos(100_000_000L);
        }
      }
      if (tx.isEmpty()) {
        return;
      }
      for (JsonNode e : tx.get().path("events")) {
        if (!e.path("type").asText().equals("xchain.op")) {
          continue;
        }
        String id = attribute(e, "id");
        String status = attribute(e, "status");
        String reason = attribute(e, "reason");
        if (mine != null && mine.id.isEmpty()) {
          mine.id = id;
          mine.startedAt = at;
          if (firstHeight == 0) {
            firstHeight = height;
          }
          byId.put(id, mine);
          Seen early = endedEarly.remove(id);
          if (early != null) {
            end(mine, early.status(), early.reason(), early.at());
          }
        } else if (status.equals(SUCCESS) || status.equals(ROLLED_BACK)) {
          Op op = byId.get(id);
          if (op == null) {
            endedEarly.put(id, new Seen(status, reason, at));
          } else {
            end(op, status, reason, at);
          }
        }
      }
    } finally {
      fetches.release();
    }
  }

  private static void end(Op op, String status, String reason, long at) {
    if (op.isFinal()) {
      return;
    }
    op.reason = reason;
    op.finishedAt = at;
    op.status = status;
  }

  private static String attribute(JsonNode event, String key) {
    for (JsonNode a : event.path("attributes")) {
      if (a.path("key").asText().equals(key)) {
        return a.path("value").asText();
      }
    }
    return "";
  }

  /**
   * Submits the starting transactions at {@code rate} per second ({@code <= 0}: back to back) over
   * {@code lanes} lanes spread over {@code nodes}, follows them on {@code watch}'s event stream,
   * and waits up to {@code drainSeconds} after the last submission for every admitted operation to
   * end; then looks up the operations whose end it did not see.
   */
  public CrossChainResult run(
      List<NodeRest> nodes,
      NodeRest watch,
      double rate,
      int lanes,
      int drainSeconds,
      Consumer<String> progress)
      throws IOException, InterruptedException {
    this.api = watch;
    for (Op op : ops) {
      if (op.hash.isEmpty()) {
        throw new IllegalStateException("sign() first");
      }
      byHash.put(op.hash, op);
    }
    Map<String, Integer> rejections = new ConcurrentHashMap<>();
    WebSocket events = watch.subscribeBlocks(this::committed);
    long start;
    long submitted;
    try {
      start = System.nanoTime() + 100_000_000L;
      List<Thread> threads = new ArrayList<>();
      for (int lane = 0; lane < lanes; lane++) {
        int self = lane;
        NodeRest node = nodes.get(lane % nodes.size());
        threads.add(
            Thread.ofVirtual()
                .name("xchain-lane-" + lane)
                .start(() -> {
                  for (int i = self; i < ops.size(); i += lanes) {
                    long wait =
                        rate > 0
                            ? start + (long) (i * 1e9 / rate) - System.nanoTime()
                            : start - System.nanoTime();
                    if (wait > 0) {
                      LockSupport.parkNanos(wait);
                    }
                    submit(node, ops.get(i), rejections);
                  }
                }));
      }
      for (Thread t : threads) {
        t.join();
      }
      submitted = System.nanoTime();
      progress.accept(
          String.format(
              Locale.ROOT,
              "submitted %d operations in %.1f s; waiting for them to end",
              ops.size(),
              (submitted - start) / 1e9));
      long deadline = submitted + drainSeconds * 1_000_000_000L;
      long lastReport = System.nanoTime();
      while (System.nanoTime() < deadline && ops.stream().anyMatch(this::open)) {
        Thread.sleep(200);
        if (System.nanoTime() - lastReport > 5_000_000_000L) {
          lastReport = System.nanoTime();
          long open = ops.stream().filter(this::open).count();
          progress.accept(open + " operations not ended yet");
        }
      }
    } finally {
      events.abort();
    }
    lookUpUnfinished(watch);
    return CrossChainResult.of(
        rate, start, submitted, ops, rejections, firstHeight, lastHeight.get());
  }

  private boolean open(Op op) {
    return op.acceptedAt != 0 && !op.isFinal();
  }

  /** Queries the record of each started operation whose end the event stream did not show. */
  private void lookUpUnfinished(NodeRest node) {
    for (Op op : ops) {
      if (op.acceptedAt == 0 || op.isFinal()) {
        continue;
      }
      if (op.id.isEmpty()) {
        Optional<JsonNode> tx = node.tx(op.hash);
        if (tx.isPresent()) {
          if (tx.get().path("code").asInt() != 0) {
            op.status = FAILED;
            op.reason = tx.get().path("log").asText();
            continue;
          }
          for (JsonNode e : tx.get().path("events")) {
            if (e.path("type").asText().equals("xchain.op")) {
              op.id = attribute(e, "id");
            }
          }
        }
      }
      if (!op.id.isEmpty()) {
        node.query("xchain", "op", Map.of("id", op.id))
            .map(r -> r.has("op") ? r.get("op") : r)
            .ifPresent(r -> {
              String status = r.path("status").asText();
              if (status.equals(SUCCESS) || status.equals(ROLLED_BACK)) {
                // ended, but when is unknown: no latency sample
                op.reason = r.path("reason").asText();
                op.status = status;
              }
            });
      }
    }
  }

  private static void submit(NodeRest node, Op op, Map<String, Integer> rejections) {
    op.submittedAt = System.nanoTime();
    while (true) {
      NodeRest.Submission r = node.submit(op.body);
      if (r.accepted()) {
        op.acceptedAt = System.nanoTime();
        return;
      }
      if (r.busy() && System.nanoTime() - op.submittedAt < GIVE_UP_NANOS) {
        LockSupport.parkNanos(BUSY_RETRY_NANOS);
        continue;
      }
      op.rejection = r.reason();
      rejections.merge(r.reason(), 1, Integer::sum);
      return;
    }
  }
}
