package io.lattice.bench.consensus;

import io.lattice.consensus.app.CheckTxResult;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.node.api.ChainView.AccountView;
import io.lattice.node.chain.LatticeNode;
import io.lattice.node.chain.LocalNetwork;
import io.lattice.node.config.ConfigFile;
import io.lattice.node.config.HomeInitializer;
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
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Four Tendermint validators in one process ({@link LocalNetwork}: each with its own RocksDB, PoS
 * application, mempool, signer and WAL) finalizing pre-signed ed25519 bank transfers. Every
 * transaction is handed to all four mempools (each validator checks it) and every block is executed
 * by all four. Reports finalized transfers/s and the commit latency (submission to the block that
 * holds it being durable on validator 0) at p50/p99.
 *
 * <pre>
 * FourValidatorBench [--txs N] [--rate R] [--senders S] [--submitters T]
 *                    [--block-interval 1000ms] [--validators 4] [--dir D]
 * </pre>
 *
 * {@code --rate 0} (default) submits as fast as the mempools admit (a full mempool is retried);
 * {@code --rate R} paces submissions at R transactions/s in total. Transactions are signed before
 * the clock starts; senders are funded in genesis and send round-robin, so each one's sequence
 * numbers arrive in order on its submitter thread.
 */
public final class FourValidatorBench {
  private static final String CHAIN = "lattice-bench-4";

  private FourValidatorBench() {}

  record Args(
      int txs,
      double rate,
      int senders,
      int submitters,
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
          NodeConfig.parseDuration(m.getOrDefault("block-interval", "1000ms")),
          Integer.parseInt(m.getOrDefault("validators", "4")),
          dir);
    }
  }

  public static void main(String[] argv) throws Exception {
    Args a = Args.parse(argv);
    if (System.getProperty("logback.configurationFile") == null) {
      // four nodes log every block; keep the figures readable
      ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME))
          .setLevel(ch.qos.logback.classic.Level.WARN);
    }
    SecureRandom random = new SecureRandom();
    List<PrivateKeySigner> senders = new ArrayList<>();
    List<HomeInitializer.Balance> funded = new ArrayList<>();
    for (int i = 0; i < a.senders(); i++) {
      PrivateKeySigner key = KeyPairs.generate(KeyAlgorithm.ED25519, random);
      senders.add(key);
      funded.add(
          new HomeInitializer.Balance(
              key.publicKey().address().toString(), BigInteger.valueOf(1_000_000_000_000L)));
    }
    List<NodeHome> homes = LocalNetwork.init(a.dir(), a.validators(), CHAIN, funded);
    for (NodeHome home : homes) {
      NodeConfig c = ConfigFile.read(home.configToml());
      ConfigFile.write(
          home.configToml(),
          c.withMempool(Math.max(c.mempoolMaxTxs(), a.txs() + 1000), 1L << 30)
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
      byte[][] txs = new byte[a.txs()][];
      long signStart = System.nanoTime();
      for (int i = 0; i < txs.length; i++) {
        int s = i % senders.size();
        txs[i] =
            transfer(
                senders.get(s), accountNumbers[s], sequences[s] + i / senders.size(), recipient);
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
      AtomicLong accepted = new AtomicLong();
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

      long start = System.nanoTime();
      long cpuStart = processCpuNanos();
      AtomicLong rejected = new AtomicLong();
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < a.submitters(); t++) {
        int self = t;
        threads.add(
            Thread.ofPlatform()
                .name("submitter-" + t)
                .start(() -> {
                  // sender s belongs to submitter s % submitters, so its sequences stay in order
                  for (int i = 0; i < txs.length; i++) {
                    if ((i % senders.size()) % a.submitters() != self) {
                      continue;
                    }
                    if (a.rate() > 0) {
                      long due = start + (long) (i * 1e9 / a.rate());
                      long wait = due - System.nanoTime();
                      if (wait > 0) {
                        LockSupport.parkNanos(wait);
                      }
                    }
                    ByteBuffer key = ByteBuffer.wrap(TxBuilder.hash(txs[i]));
                    submittedAt.put(key, System.nanoTime());
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
                      submittedAt.remove(key);
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
      long submitted = System.nanoTime();
      if (rejected.get() > 0) {
        System.out.println(rejected.get() + " transactions rejected");
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
          accepted.get(),
          (submitted - start) / 1e9,
          accepted.get() / ((submitted - start) / 1e9),
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
        deleteTree(a.dir());
      }
    }
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

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
