package io.lattice.bench.consensus;

import io.lattice.common.FileTrees;
import io.lattice.consensus.app.CheckTxResult;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.distribution.app.PosGenesis;
import io.lattice.node.api.ChainView.AccountView;
import io.lattice.node.chain.LatticeNode;
import io.lattice.node.chain.LocalNetwork;
import io.lattice.node.config.ConfigFile;
import io.lattice.node.config.NodeConfig;
import io.lattice.node.config.NodeHome;
import io.lattice.proto.bank.v1.MsgSend;
import io.lattice.proto.tx.v1.Coin;
import io.lattice.runtime.mempool.Mempool;
import io.lattice.runtime.tx.TxBuilder;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.LoggerFactory;

/**
 * Four Tendermint validators in one process ({@link LocalNetwork}: each with its own RocksDB, PoS
 * application, mempool, signer and WAL) finalizing pre-signed ed25519 bank transfers. Every
 * transaction is handed to all four mempools (each validator checks it) and every block is executed
 * by all four. Reports finalized transfers/s and the commit latency (submission to the block that
 * holds it being durable on validator 0) at p50/p99.
 *
 * <pre>
 * FourValidatorBench [--txs N] [--rate R] [--senders S] [--submitters T] [--warmup W]
 *                    [--block-interval 1000ms] [--validators 4] [--dir D]
 * </pre>
 *
 * {@code --rate 0} (default) submits as fast as the mempools admit (a full mempool is retried);
 * {@code --rate R} paces submissions at R transactions/s in total. Transactions are signed before
 * the clock starts; senders are funded in genesis and send round-robin, so each one's sequence
 * numbers arrive in order on its submitter thread. {@code --warmup W} (default 5,000) transfers are
 * submitted and committed first, unmeasured (JIT, caches).
 */
public final class FourValidatorBench {
  private static final String CHAIN = "lattice-bench-4";

  private FourValidatorBench() {}

  record Args(
      int txs,
      double rate,
      int senders,
      int submitters,
      int warmup,
      Duration blockInterval,
      int validators,
      Path dir) {
    static Args parse(String[] argv) throws IOException {
      Map<String, String> m = new HashMap<>();
      for (int i = 0; i < argv.length; i++) {
        if (!argv[i].startsWith("--") || i + 1 >= argv.length) {
          throw new IllegalArgumentException("expected --name value pairs, got " + argv[i]);
        }
        m.put(argv[i].substring(2), argv[++i]);
      }
      Path dir =
          m.containsKey("dir")
              ? Path.of(m.get("dir"))
              : Files.createTempDirectory("four-validator-bench");
      return new Args(
          Integer.parseInt(m.getOrDefault("txs", "20000")),
          Double.parseDouble(m.getOrDefault("rate", "0")),
          Integer.parseInt(m.getOrDefault("senders", "500")),
          Integer.parseInt(m.getOrDefault("submitters", "2")),
          Integer.parseInt(m.getOrDefault("warmup", "5000")),
          NodeConfig.parseDuration(m.getOrDefault("block-interval", "1000ms")),
          Integer.parseInt(m.getOrDefault("validators", "4")),
          dir);
    }
  }

  public static void main(String[] argv) throws Exception {
    Args a = Args.parse(argv);
    if (System.getProperty("logback.configurationFile") == null) {
      // four nodes log every block; keep the figures readable
      ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.lattice"))
          .setLevel(ch.qos.logback.classic.Level.WARN);
    }
    SecureRandom random = new SecureRandom();
    List<PrivateKeySigner> senders = new ArrayList<>();
    List<PosGenesis.Balance> funded = new ArrayList<>();
    for (int i = 0; i < a.senders(); i++) {
      PrivateKeySigner key = KeyPairs.generate(KeyAlgorithm.ED25519, random);
      senders.add(key);
      funded.add(
          new PosGenesis.Balance(
              key.publicKey().address().toString(), BigInteger.valueOf(1_000_000_000_000L)));
    }
    List<NodeHome> homes = LocalNetwork.init(a.dir(), a.validators(), CHAIN, funded);
    for (NodeHome home : homes) {
      NodeConfig c = ConfigFile.read(home.configToml());
      ConfigFile.write(
          home.configToml(),
          c.withMempool(Math.max(c.mempoolMaxTxs(), a.txs() + a.warmup() + 1000), 1L << 30)
              .withBlockInterval(a.blockInterval()));
    }
    System.out.printf(
        Locale.ROOT,
        "%d validators in %s, block interval %d ms, %d senders, %d transactions, %s%n",
        a.validators(),
        a.dir(),
        a.blockInterval().toMillis(),
        a.senders(),
        a.txs(),
        a.rate() > 0 ? "at " + a.rate() + " tx/s" : "at max rate");

    try (LocalNetwork net = LocalNetwork.start(homes, LatticeNode.Options.defaults())) {
      while (net.height() < 1) {
        Thread.sleep(20);
      }
      LatticeNode first = net.node(0);
      long[] accountNumbers = new long[senders.size()];
      long[] sequences = new long[senders.size()];
      for (int s = 0; s < senders.size(); s++) {
        AccountView account =
            first.chain().account(senders.get(s).publicKey().address().toString()).orElseThrow();
        accountNumbers[s] = account.accountNumber();
        sequences[s] = account.sequence();
      }
      String recipient =
          KeyPairs.generate(KeyAlgorithm.ED25519, random).publicKey().address().toString();
      byte[][] warm = new byte[a.warmup()][];
      byte[][] txs = new byte[a.txs()][];
      long signStart = System.nanoTime();
      for (int i = 0; i < warm.length + txs.length; i++) {
        int s = i % senders.size();
        byte[] tx =
            transfer(
                senders.get(s), accountNumbers[s], sequences[s] + i / senders.size(), recipient);
        if (i < warm.length) {
          warm[i] = tx;
        } else {
          txs[i - warm.length] = tx;
        }
      }
      System.out.printf(
          Locale.ROOT,
          "signed %d transfers in %.1f s (%d bytes each)%n",
          txs.length,
          (System.nanoTime() - signStart) / 1e9,
          txs[0].length);

      Map<ByteBuffer, Long> submittedAt = new ConcurrentHashMap<>();
      long[] latencies = new long[txs.length];
      AtomicLong committed = new AtomicLong();
      AtomicLong lastCommit = new AtomicLong();
      AtomicLong blocks = new AtomicLong();
      CountDownLatch allCommitted = new CountDownLatch(1);
      var unused =
          first
              .chain()
              .onBlock(b -> {
                long now = System.nanoTime();
                int n = 0;
                for (var tx : b.block().getData().getTxsList()) {
                  Long at = submittedAt.remove(ByteBuffer.wrap(TxBuilder.hash(tx.toByteArray())));
                  if (at != null) {
                    latencies[(int) committed.getAndIncrement()] = now - at;
                    n++;
                  }
                }
                if (n > 0) {
                  blocks.incrementAndGet();
                  lastCommit.set(now);
                }
                if (committed.get() == txs.length) {
                  allCommitted.countDown();
                }
              });

      if (a.warmup() > 0) {
        // JIT and caches: the same work, unmeasured, until it is committed everywhere
        submit(net, warm, 0, senders.size(), a.submitters(), 0, Optional.empty());
        byte[] lastWarm = TxBuilder.hash(warm[warm.length - 1]);
        while (!net.nodes().stream().allMatch(node -> node.chain().tx(lastWarm).isPresent())) {
          Thread.sleep(20);
        }
        System.out.printf(Locale.ROOT, "warmed up with %d transfers%n", warm.length);
      }
      long start = System.nanoTime();
      long cpuStart = processCpuNanos();
      long[] counts =
          submit(
              net, txs, start, senders.size(), a.submitters(), a.rate(), Optional.of(submittedAt));
      long accepted = counts[0];
      long rejected = counts[1];
      long submitted = System.nanoTime();
      if (rejected > 0) {
        System.out.println(rejected + " transactions rejected");
      }
      if (!allCommitted.await(120, TimeUnit.SECONDS)) {
        System.out.println("not all transactions committed within 120 s after submission");
      }
      long cpu = processCpuNanos() - cpuStart;
      long n = committed.get();
      long[] sorted = Arrays.copyOf(latencies, (int) n);
      Arrays.sort(sorted);
      double elapsed = (lastCommit.get() - start) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "submitted %d in %.2f s (%.0f tx/s offered); finalized %d in %.2f s = %.0f transfers/s"
              + " over %d blocks (height %d)%n",
          accepted,
          (submitted - start) / 1e9,
          accepted / ((submitted - start) / 1e9),
          n,
          elapsed,
          n / elapsed,
          blocks.get(),
          net.height());
      int cores = Runtime.getRuntime().availableProcessors();
      System.out.printf(
          Locale.ROOT,
          "process CPU %.1f s = %.0f µs per finalized transfer (all %d validators); %d cores fully"
              + " used would finalize %.0f transfers/s%n",
          cpu / 1e9,
          n > 0 ? cpu / 1e3 / n : 0.0,
          a.validators(),
          cores,
          n > 0 ? cores * 1e9 * n / cpu : 0.0);
      if (n > 0) {
        System.out.printf(
            Locale.ROOT,
            "commit latency p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
            sorted[(int) (n * 0.50)] / 1e6,
            sorted[(int) Math.min(n - 1, (long) (n * 0.99))] / 1e6,
            sorted[(int) n - 1] / 1e6);
      }
    } finally {
      if (!argvHas(argv, "--dir")) {
        FileTrees.delete(a.dir());
      }
    }
  }

  /**
   * Submits {@code txs} from {@code submitters} threads (sender s on thread s % submitters, so each
   * sender's sequences arrive in order), at {@code rate} per second from {@code start} or as fast
   * as admitted (a full mempool is retried), recording submission times when asked.
   *
   * @return accepted and rejected counts
   */
  private static long[] submit(
      LocalNetwork net,
      byte[][] txs,
      long start,
      int senders,
      int submitters,
      double rate,
      Optional<Map<ByteBuffer, Long>> submittedAt)
      throws InterruptedException {
    AtomicLong accepted = new AtomicLong();
    AtomicLong rejected = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < submitters; t++) {
      int self = t;
      threads.add(
          Thread.ofPlatform()
              .name("submitter-" + t)
              .start(() -> {
                for (int i = 0; i < txs.length; i++) {
                  if ((i % senders) % submitters != self) {
                    continue;
                  }
                  if (rate > 0) {
                    long wait = start + (long) (i * 1e9 / rate) - System.nanoTime();
                    if (wait > 0) {
                      LockSupport.parkNanos(wait);
                    }
                  }
                  ByteBuffer key = ByteBuffer.wrap(TxBuilder.hash(txs[i]));
                  submittedAt.ifPresent(m -> m.put(key, System.nanoTime()));
                  while (true) {
                    CheckTxResult r = net.submit(self, txs[i]);
                    if (r.isOk()) {
                      accepted.incrementAndGet();
                      break;
                    }
                    if (r.code() == Mempool.CODE_FULL) {
                      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
                      continue;
                    }
                    submittedAt.ifPresent(m -> m.remove(key));
                    if (rejected.incrementAndGet() <= 3) {
                      System.out.println("rejected: " + r.code() + " " + r.log());
                    }
                    break;
                  }
                }
              }));
    }
    for (Thread t : threads) {
      t.join();
    }
    return new long[] {accepted.get(), rejected.get()};
  }

  /** CPU time of this JVM (all threads); the figure a machine shared with other work keeps. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static boolean argvHas(String[] argv, String name) {
    return Arrays.asList(argv).contains(name);
  }

  static byte[] transfer(PrivateKeySigner from, long accountNumber, long sequence, String to) {
    Coin one = Coin.newBuilder().setDenom("ulat").setAmount("1").build();
    return TxBuilder.forChain(CHAIN)
        .addMessage(
            MsgSend.newBuilder()
                .setFromAddress(from.publicKey().address().toString())
                .setToAddress(to)
                .addAmount(one)
                .build())
        .fee(List.of(Coin.newBuilder().setDenom("ulat").setAmount("2000").build()))
        .gasLimit(200_000)
        .signer(from, accountNumber, sequence)
        .buildBytes();
  }
}
