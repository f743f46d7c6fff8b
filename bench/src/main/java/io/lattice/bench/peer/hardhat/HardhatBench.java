package io.lattice.bench.peer.hardhat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.common.FileTrees;
import io.lattice.node.load.Tally;
import io.lattice.node.local.LocalPorts;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.web3j.utils.Numeric;

/**
 * Signed value transfers/s and commit latency of a {@code hardhat@2.28.6} node in automine mode,
 * measured the way Lattice's network bench measures its 4-validator network, so the two can stand
 * side by side. Not a test: run it with {@code scripts/bench-hardhat [options]}.
 *
 * <pre>
 * --accounts 2000    funded senders (sender i % N signs the i-th transfer), as on the Lattice side
 * --seconds 30       submit for this long (the default), or
 * --txs T            submit exactly T transfers
 * --rate R|max       offered transfers/s in total, or max: each lane back to back (default max)
 * --max-txs 2000     with --seconds and --rate max: transfers signed per second of --seconds
 * --lanes 32         concurrent JSON-RPC submitters (each sender on one lane)
 * --warmup 1000      transfers submitted first, unmeasured (JIT of client and node)
 * --json FILE        also write the figures as one JSON object
 * --watch push       how commits are seen: push = the newHeads subscription over WebSocket (commit
 *                    time = header arrival; blocks fetched after the run), poll = eth_blockNumber
 *                    and batched eth_getBlockByNumber from a separate thread during the run
 * --poll-ms 5        with --watch poll: the wait when no new block has appeared
 * --drain 60         seconds to wait for accepted transfers to show in blocks
 * --port P           JSON-RPC port (default a free one)
 * --hardhat-dir D    the directory with hardhat.config.js and node_modules (default bench/hardhat)
 * --hardhat-logging  keep hardhat node's log line per call and per transaction (default off)
 * </pre>
 */
public final class HardhatBench {
  static final String SYSTEM = "hardhat 2.28.6 (automine)";

  private HardhatBench() {}

  /** The parsed command line. {@code txs} is 0 when {@code --seconds} bounds the run. */
  record Args(
      int accounts,
      int txs,
      int seconds,
      double rate,
      int maxTxsPerSecond,
      int lanes,
      int warmup,
      Optional<Path> json,
      boolean push,
      int pollMillis,
      int drainSeconds,
      int port,
      Path hardhatDir,
      boolean hardhatLogging) {

    private static final Set<String> OPTIONS =
        Set.of(
            "accounts",
            "txs",
            "seconds",
            "rate",
            "max-txs",
            "lanes",
            "warmup",
            "json",
            "watch",
            "poll-ms",
            "drain",
            "port",
            "hardhat-dir");

    static Args parse(String... argv) {
      Map<String, String> m = new LinkedHashMap<>();
      boolean logging = false;
      for (int i = 0; i < argv.length; i++) {
        String a = argv[i];
        if (a.equals("--hardhat-logging")) {
          logging = true;
          continue;
        }
        if (!a.startsWith("--") || !OPTIONS.contains(a.substring(2))) {
          throw new IllegalArgumentException("unknown option " + a);
        }
        if (i + 1 >= argv.length) {
          throw new IllegalArgumentException(a + " needs a value");
        }
        m.put(a.substring(2), argv[++i]);
      }
      if (m.containsKey("txs") && m.containsKey("seconds")) {
        throw new IllegalArgumentException("give --txs or --seconds, not both");
      }
      String rate = m.getOrDefault("rate", "max");
      double r;
      if (rate.equals("max")) {
        r = 0;
      } else {
        try {
          r = Double.parseDouble(rate);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("--rate must be a number or max, got " + rate, e);
        }
        if (!(r > 0) || Double.isInfinite(r)) {
          throw new IllegalArgumentException("--rate must be positive, got " + rate);
        }
      }
      String watch = m.getOrDefault("watch", "push");
      if (!watch.equals("push") && !watch.equals("poll")) {
        throw new IllegalArgumentException("--watch must be push or poll, got " + watch);
      }
      return new Args(
          positive(m, "accounts", 2000),
          m.containsKey("txs") ? positive(m, "txs", 0) : 0,
          m.containsKey("txs") ? 0 : positive(m, "seconds", 30),
          r,
          positive(m, "max-txs", 2000),
          positive(m, "lanes", 32),
          atLeastZero(m, "warmup", 1000),
          Optional.ofNullable(m.get("json")).map(Path::of),
          watch.equals("push"),
          positive(m, "poll-ms", 5),
          positive(m, "drain", 60),
          atLeastZero(m, "port", 0),
          Path.of(m.getOrDefault("hardhat-dir", "bench/hardhat")),
          logging);
    }

    private static int positive(Map<String, String> m, String name, int fallback) {
      int v = integer(m, name, fallback);
      if (v < 1) {
        throw new IllegalArgumentException("--" + name + " must be at least 1, got " + v);
      }
      return v;
    }

    private static int atLeastZero(Map<String, String> m, String name, int fallback) {
      int v = integer(m, name, fallback);
      if (v < 0) {
        throw new IllegalArgumentException("--" + name + " must not be negative, got " + v);
      }
      return v;
    }

    private static int integer(Map<String, String> m, String name, int fallback) {
      String v = m.get(name);
      if (v == null) {
        return fallback;
      }
      try {
        return Integer.parseInt(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--" + name + " must be an integer, got " + v, e);
      }
    }

    /** How many transfers the measured phase signs. */
    int transfersToSign() {
      if (txs > 0) {
        return txs;
      }
      return (int)
          Math.min(Integer.MAX_VALUE, Math.ceil((rate > 0 ? rate : maxTxsPerSecond) * seconds));
    }

    String offeredRate() {
      return rate > 0 ? String.format(Locale.ROOT, "%.0f tx/s", rate) : "max";
    }
  }

  public static void main(String[] argv) throws Exception {
    Args a;
    try {
      a = Args.parse(argv);
    } catch (IllegalArgumentException e) {
      System.err.println("bench-hardhat: " + e.getMessage());
      System.err.println("options: see the javadoc of " + HardhatBench.class.getName());
      System.exit(2);
      return;
    }
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    int code;
    try {
      code = run(a, out);
    } catch (IOException e) {
      out.println("bench-hardhat failed: " + e.getMessage());
      code = 1;
    }
    out.flush();
    System.exit(code);
  }

  static int run(Args a, PrintWriter out) throws IOException, InterruptedException {
    Path hardhatDir = a.hardhatDir().toAbsolutePath().normalize();
    if (!Files.isRegularFile(hardhatDir.resolve("hardhat.config.js"))) {
      throw new IOException(hardhatDir + " holds no hardhat.config.js (use --hardhat-dir)");
    }
    Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    out.printf(
        Locale.ROOT,
        "hardhat bench %s: %d cores, load average %s; %d accounts, %d lanes, rate %s%n",
        started,
        Runtime.getRuntime().availableProcessors(),
        loadAverage(),
        a.accounts(),
        a.lanes(),
        a.offeredRate());
    long t0 = System.nanoTime();
    TransferSigner signer = TransferSigner.random(a.accounts(), new SecureRandom());
    out.printf(
        Locale.ROOT,
        "generated %d secp256k1 keys in %.1f s%n",
        a.accounts(),
        (System.nanoTime() - t0) / 1e9);

    Path work = Files.createTempDirectory("hardhat-bench");
    boolean keepWork = false;
    try {
      Path keys = work.resolve("keys.json");
      JsonRpc.JSON.writeValue(keys.toFile(), signer.privateKeys());
      int port = a.port() > 0 ? a.port() : LocalPorts.freePort(LocalPorts.randomBase());
      Map<String, String> env =
          Map.of(
              "HARDHAT_BENCH_KEYS", keys.toString(),
              "HARDHAT_BENCH_ACCOUNTS", Integer.toString(a.accounts()),
              "HARDHAT_BENCH_LOGGING", Boolean.toString(a.hardhatLogging()));
      t0 = System.nanoTime();
      try (HardhatNode node =
          HardhatNode.start(
              hardhatDir, port, env, work.resolve("hardhat-node.log"), Duration.ofMinutes(3))) {
        out.printf(
            Locale.ROOT,
            "hardhat node (pid %d) answers on %s after %.1f s%n",
            node.pid(),
            node.rpc(),
            (System.nanoTime() - t0) / 1e9);
        try {
          int code = measure(a, signer, node, started, out);
          keepWork = code != 0;
          return code;
        } catch (IOException | RuntimeException e) {
          keepWork = true;
          throw e;
        } finally {
          if (keepWork) {
            out.println("hardhat node log kept in " + work + "; its end:\n" + node.logTail(15));
          }
        }
      }
    } finally {
      if (!keepWork) {
        FileTrees.delete(work);
      }
    }
  }

  private static int measure(
      Args a, TransferSigner signer, HardhatNode node, Instant started, PrintWriter out)
      throws IOException, InterruptedException {
    JsonRpc rpc = node.rpc();
    long chainId = BlockWatcher.quantity(rpc.call("eth_chainId"));
    if (chainId != TransferSigner.HARDHAT_CHAIN_ID) {
      throw new IOException(
          "the node's chain id is " + chainId + ", expected " + TransferSigner.HARDHAT_CHAIN_ID);
    }
    String clientVersion = rpc.call("web3_clientVersion").asText();
    out.println("client version " + clientVersion);

    if (a.warmup() > 0) {
      List<Transfer> warm = signer.sign(nonces(rpc, signer.addresses()), a.warmup());
      Lanes.Window w = Lanes.run(warm, a.lanes(), 0, Long.MAX_VALUE / 4, rpc);
      HardhatResult r = HardhatResult.of(warm, w.start(), w.end());
      out.printf(
          Locale.ROOT,
          "warm-up (not measured): %d submitted, %d accepted, %d rejected in %.1f s%n",
          r.submitted(),
          r.accepted(),
          r.rejected(),
          r.submitSeconds());
    }

    long[] nonces = nonces(rpc, signer.addresses());
    int count = a.transfersToSign();
    long t0 = System.nanoTime();
    List<Transfer> txs = signer.sign(nonces, count);
    double signSeconds = (System.nanoTime() - t0) / 1e9;
    out.printf(
        Locale.ROOT,
        "signed %d transfers with web3j in %.1f s (not measured); submitting%n",
        count,
        signSeconds);

    long startBlock = BlockWatcher.quantity(rpc.call("eth_blockNumber"));
    BigInteger before = balance(rpc, signer.recipient(), startBlock);
    Lanes.Window window;
    HardhatResult result;
    long blocks;
    long otherTxs;
    long missedHeads;
    long endBlock;
    double hardhatCores;
    double benchCores;
    HeadStream heads =
        a.push()
            ? HeadStream.open(URI.create("ws://127.0.0.1:" + rpc.uri().getPort() + "/"))
            : null;
    try (BlockWatcher watcher =
        new BlockWatcher(
            rpc, startBlock, Duration.ofMillis(a.pollMillis()), Optional.ofNullable(heads))) {
      watcher.expect(txs);
      if (heads == null) {
        watcher.start();
      }
      Duration cpu0 = node.cpuTime();
      Duration benchCpu0 = benchCpu();
      long wall0 = System.nanoTime();
      long maxNanos = a.txs() > 0 ? Long.MAX_VALUE / 4 : a.seconds() * 1_000_000_000L;
      window = Lanes.run(txs, a.lanes(), a.rate(), maxNanos, rpc);
      long drainUntil = System.nanoTime() + a.drainSeconds() * 1_000_000_000L;
      if (heads == null) {
        while (System.nanoTime() < drainUntil
            && txs.stream().anyMatch(t -> t.acceptedAt != 0 && !t.committed())) {
          Thread.sleep(50);
        }
        endBlock = BlockWatcher.quantity(rpc.call("eth_blockNumber"));
        if (!watcher.awaitBlock(endBlock, Duration.ofSeconds(30))) {
          throw new IOException(
              "the block watcher did not reach block "
                  + endBlock
                  + " (at "
                  + watcher.seen()
                  + ", last error: "
                  + watcher.lastError()
                  + ")");
        }
      } else {
        // automine mines before answering: every accepted transfer is in a block by now
        endBlock = BlockWatcher.quantity(rpc.call("eth_blockNumber"));
        while (System.nanoTime() < drainUntil && heads.seenAt(endBlock).isEmpty()) {
          Thread.sleep(5);
        }
      }
      double wall = (System.nanoTime() - wall0) / 1e9;
      hardhatCores = node.cpuTime().minus(cpu0).toNanos() / 1e9 / wall;
      benchCores = benchCpu().minus(benchCpu0).toNanos() / 1e9 / wall;
      if (heads != null) {
        watcher.fetchUpTo(endBlock);
      }
      blocks = watcher.blocks();
      otherTxs = watcher.otherTxs();
      missedHeads = watcher.missedHeads();
      result = HardhatResult.of(txs, window.start(), window.end());
    } finally {
      if (heads != null) {
        heads.close();
      }
    }
    BigInteger delta = balance(rpc, signer.recipient(), endBlock).subtract(before);
    boolean verified = delta.equals(BigInteger.valueOf(result.committed())) && otherTxs == 0;

    out.print(result.table());
    StringBuilder extra = new StringBuilder();
    Tally.row(
        extra,
        "blocks",
        String.format(
            Locale.ROOT,
            "%d mined (%d..%d), %d transactions not ours; commits seen by %s%s",
            blocks,
            startBlock + 1,
            endBlock,
            otherTxs,
            a.push() ? "newHeads push" : "polling",
            missedHeads > 0 ? " (" + missedHeads + " headers missed: fetch time used)" : ""));
    Tally.row(
        extra,
        "recipient balance",
        "+"
            + delta
            + " wei for "
            + result.committed()
            + " committed transfers of 1 wei: "
            + (verified ? "verified" : "MISMATCH"));
    Tally.row(
        extra,
        "CPU during the run",
        String.format(
            Locale.ROOT,
            "hardhat node %.2f cores, this client %.2f cores",
            hardhatCores,
            benchCores));
    out.print(extra);
    boolean ranOut = a.txs() == 0 && window.ranOut();
    if (ranOut) {
      out.printf(
          Locale.ROOT,
          "note: the %d pre-signed transfers ran out after %.1f s of the %d s asked for; raise"
              + " --max-txs%n",
          count,
          result.submitSeconds(),
          a.seconds());
    }

    if (a.json().isPresent()) {
      ObjectNode json = JsonRpc.JSON.createObjectNode();
      json.put("system", SYSTEM);
      json.put("client_version", clientVersion);
      json.put("chain_id", chainId);
      json.put("accounts", a.accounts());
      json.put("lanes", a.lanes());
      json.put("offered_rate", a.rate() > 0 ? Double.toString(a.rate()) : "max");
      if (a.txs() > 0) {
        json.put("txs", a.txs());
      } else {
        json.put("seconds", a.seconds());
      }
      json.put("warmup", a.warmup());
      json.put("signed", count);
      json.put("sign_seconds", HardhatResult.round(signSeconds));
      json.put("ran_out_of_signed", ranOut);
      result.toJson(json);
      json.put("blocks", blocks);
      json.put("other_txs_in_blocks", otherTxs);
      json.put("recipient_balance_delta_wei", delta.toString());
      json.put("verified", verified);
      json.put("hardhat_cpu_cores", Math.round(hardhatCores * 100) / 100.0);
      json.put("bench_cpu_cores", Math.round(benchCores * 100) / 100.0);
      json.put("watch", a.push() ? "push" : "poll");
      if (a.push()) {
        json.put("missed_heads", missedHeads);
      } else {
        json.put("poll_ms", a.pollMillis());
      }
      json.put("cores", Runtime.getRuntime().availableProcessors());
      json.put("load_average_after", loadAverage());
      json.put("started", started.toString());
      json.put("conditions", conditions(a, clientVersion));
      Path file = a.json().get();
      Files.writeString(
          file,
          JsonRpc.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n",
          StandardCharsets.UTF_8);
      out.println("figures written to " + file);
    }
    if (!verified) {
      out.println(
          "verification failed: the recipient's balance grew by "
              + delta
              + " wei, expected "
              + result.committed()
              + (otherTxs > 0 ? ", and " + otherTxs + " foreign transactions were mined" : ""));
      return 1;
    }
    return result.committed() > 0 ? 0 : 1;
  }

  static String conditions(Args a, String clientVersion) {
    return String.format(
        Locale.ROOT,
        "%s as `hardhat node` on 127.0.0.1: one process, no consensus and no peers; state in"
            + " memory only (hardhat writes no chain state to disk); automine: one block per"
            + " transaction, mined before eth_sendRawTransaction answers; per-call logging %s."
            + " Load: %d funded senders, legacy EIP-155 transfers of 1 wei to one recipient"
            + " (21000 gas, 10 gwei) signed with web3j 6.0.0 before the clock starts, submitted"
            + " by %d lanes over HTTP JSON-RPC (java.net.http, one request at a time per lane),"
            + " rate %s; %s; the client runs on the same machine.",
        clientVersion,
        a.hardhatLogging() ? "on" : "off",
        a.accounts(),
        a.lanes(),
        a.offeredRate(),
        a.push()
            ? "commit time = arrival of the block's header on the newHeads WebSocket"
                + " subscription (blocks fetched after the run to find the transfers)"
            : "commit time = when the client, polling eth_blockNumber and batched"
                + " eth_getBlockByNumber from a separate thread (waiting "
                + a.pollMillis()
                + " ms when idle), fetched the block");
  }

  /** Each address's {@code eth_getTransactionCount} at the latest block. */
  static long[] nonces(JsonRpc rpc, List<String> addresses)
      throws IOException, InterruptedException {
    long[] nonces = new long[addresses.size()];
    for (int from = 0; from < addresses.size(); from += BlockWatcher.BATCH) {
      int to = Math.min(addresses.size(), from + BlockWatcher.BATCH);
      List<List<Object>> params = new ArrayList<>();
      for (int i = from; i < to; i++) {
        params.add(List.of(addresses.get(i), "latest"));
      }
      List<JsonNode> counts = rpc.batch("eth_getTransactionCount", params);
      for (int i = from; i < to; i++) {
        nonces[i] = BlockWatcher.quantity(counts.get(i - from));
      }
    }
    return nonces;
  }

  private static BigInteger balance(JsonRpc rpc, String address, long block)
      throws IOException, InterruptedException {
    JsonNode b =
        rpc.call(
            "eth_getBalance", address, Numeric.toHexStringWithPrefix(BigInteger.valueOf(block)));
    if (!b.isTextual()) {
      throw new IOException("eth_getBalance answered " + b);
    }
    return Numeric.decodeQuantity(b.asText());
  }

  private static Duration benchCpu() {
    return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
  }

  private static String loadAverage() {
    try {
      List<String> f =
          Pattern.compile(" ").splitAsStream(Files.readString(Path.of("/proc/loadavg"))).toList();
      return String.join(" ", f.subList(0, Math.min(3, f.size())));
    } catch (IOException e) {
      return "unknown";
    }
  }
}
