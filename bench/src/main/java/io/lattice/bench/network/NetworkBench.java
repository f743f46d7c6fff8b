package io.lattice.bench.network;

import io.lattice.common.FileTrees;
import io.lattice.node.load.LatencyStats;
import io.lattice.node.load.LoadResult;
import io.lattice.node.load.NodeRest;
import io.lattice.node.load.TransferLoad;
import io.lattice.node.local.LocalCluster;
import io.lattice.p2p.PeerAddress;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 4's figures over real TCP: a fresh {@code lattice up} network (4 validator processes and a
 * full node on 127.0.0.1, {@link BenchCluster}) under a signed-transfer load submitted over REST;
 * block and vote propagation; a fresh full node block-syncing the chain. Not a test: run it with
 * {@code scripts/bench-network [options]}.
 *
 * <pre>
 * --senders 2000     accounts funded in genesis (sender i % S signs the i-th transfer)
 * --lanes 32         concurrent REST submitters (each sender on one lane, each lane on one node)
 * --seconds 30       length of each measured phase
 * --max-rate 3000    offered tx/s of the saturation phase; then 90% and 50% of what it finalized
 * --rates R1,R2      measure these offered rates instead of the three phases above
 * --warmup 4000      transfers at 1,000/s first, unmeasured (JIT)
 * --probes 300       vote-propagation probes (20 ms apart)
 * --sync-blocks 1000 chain length for the block-sync measurement (0 skips it)
 * --fast-interval 10ms  block interval while the chain is grown for block sync
 * --dir D --keep     network directory (default a temp dir, deleted unless --keep)
 * </pre>
 */
public final class NetworkBench {
  private NetworkBench() {}

  private record Args(
      int senders,
      int lanes,
      int seconds,
      double maxRate,
      List<Double> rates,
      int warmup,
      int probes,
      int syncBlocks,
      Duration fastInterval,
      Path dir,
      boolean keep) {
    static Args parse(String[] argv) throws IOException {
      Map<String, String> m = new HashMap<>();
      boolean keep = false;
      for (int i = 0; i < argv.length; i++) {
        if (argv[i].equals("--keep")) {
          keep = true;
          continue;
        }
        if (!argv[i].startsWith("--") || i + 1 >= argv.length) {
          throw new IllegalArgumentException("expected --name value pairs, got " + argv[i]);
        }
        m.put(argv[i].substring(2), argv[++i]);
      }
      List<Double> rates = new ArrayList<>();
      if (m.containsKey("rates")) {
        for (String r :
            java.util.regex.Pattern.compile(",").splitAsStream(m.get("rates")).toList()) {
          rates.add(Double.parseDouble(r.strip()));
        }
      }
      Path dir =
          m.containsKey("dir") ? Path.of(m.get("dir")) : Files.createTempDirectory("network-bench");
      return new Args(
          Integer.parseInt(m.getOrDefault("senders", "2000")),
          Integer.parseInt(m.getOrDefault("lanes", "32")),
          Integer.parseInt(m.getOrDefault("seconds", "30")),
          Double.parseDouble(m.getOrDefault("max-rate", "3000")),
          rates,
          Integer.parseInt(m.getOrDefault("warmup", "4000")),
          Integer.parseInt(m.getOrDefault("probes", "300")),
          Integer.parseInt(m.getOrDefault("sync-blocks", "1000")),
          io.lattice.node.config.NodeConfig.parseDuration(m.getOrDefault("fast-interval", "10ms")),
          dir,
          keep || m.containsKey("dir"));
    }
  }

  /** A height range and what ran during it. */
  private record Window(String name, long from, long to) {}

  public static void main(String[] argv) throws Exception {
    Args a = Args.parse(argv);
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    List<String> summary = new ArrayList<>();
    out.println("args: " + String.join(" ", argv));
    out.printf(
        Locale.ROOT,
        "network bench %s: %d cores, load average %s, dir %s%n",
        Instant.now(),
        Runtime.getRuntime().availableProcessors(),
        loadAverage(),
        a.dir());
    TransferLoad load = new TransferLoad(LocalCluster.CHAIN_ID, a.senders());
    List<Window> windows = new ArrayList<>();
    try (BenchCluster net =
        BenchCluster.create(
            a.dir(),
            load.addresses(),
            BigInteger.valueOf(1_000_000_000_000L),
            Math.max(100_000, (int) (a.maxRate() * a.seconds() * 2)),
            out)) {
      long h0 = net.up(2);
      out.println("network up at height " + h0);
      NodeRest node0 = net.apis().get(0);
      load.loadAccounts(node0);

      WebSocket events = node0.subscribeBlocks(load::committed);
      List<NodeRest> validators = net.validatorApis();
      if (a.warmup() > 0) {
        LoadResult w =
            load.run("warm-up", load.sign(a.warmup()), 1000, 0, validators, a.lanes(), 60);
        out.println(w);
        load.loadAccounts(node0);
      }
      // idle network after the warm-up: the nodes' own CPU use, idle block propagation, vote probes
      long idleStart = node0.height().orElse(h0);
      List<Duration> idleCpu0 = net.cpuTimes();
      long idleWall0 = System.nanoTime();
      Thread.sleep(15_000);
      List<Duration> idleCpu1 = net.cpuTimes();
      double idleCores = 0;
      for (int n = 0; n < idleCpu0.size(); n++) {
        idleCores += (idleCpu1.get(n).toNanos() - idleCpu0.get(n).toNanos()) / 1e9;
      }
      idleCores /= (System.nanoTime() - idleWall0) / 1e9;
      String idleLine =
          String.format(
              Locale.ROOT,
              "idle network: the 5 node processes use %.2f cores together (load average %s)",
              idleCores,
              loadAverage());
      out.println(idleLine);
      summary.add(idleLine);
      if (a.probes() > 0) {
        String s = voteProbe(net, a.probes(), "idle network");
        out.println(s);
        summary.add(s);
      }
      windows.add(new Window("idle", idleStart + 1, node0.height().orElse(h0)));

      List<Double> rates = new ArrayList<>(a.rates());
      boolean auto = rates.isEmpty();
      if (auto) {
        rates.add(a.maxRate());
      }
      for (int i = 0; i < rates.size(); i++) {
        double rate = rates.get(i);
        String name =
            auto
                ? (i == 0 ? "saturation" : i == 1 ? "near limit (90%)" : "half of limit")
                : "offered " + (long) rate + "/s";
        List<TransferLoad.Tx> txs = load.sign((int) (rate * a.seconds()));
        List<Duration> cpu0 = net.cpuTimes();
        long benchCpu0 = benchCpuNanos();
        long wall0 = System.nanoTime();
        boolean last = i == rates.size() - 1 && (!auto || i == 2);
        java.util.concurrent.CompletableFuture<String> underLoad =
            new java.util.concurrent.CompletableFuture<>();
        if (last && a.probes() > 0 && a.seconds() >= 10) {
          // vote propagation while the last phase runs (probes start 3 s in)
          Thread.ofVirtual()
              .start(() -> {
                try {
                  Thread.sleep(3000);
                  underLoad.complete(voteProbe(net, a.probes(), name + " load"));
                } catch (Exception e) {
                  underLoad.complete("vote probe under load failed: " + e);
                }
              });
        } else {
          underLoad.complete("");
        }
        LoadResult p = load.run(name, txs, rate, 0, validators, a.lanes(), 120);
        double wall = (System.nanoTime() - wall0) / 1e9;
        List<Duration> cpu1 = net.cpuTimes();
        double nodesCpu = 0;
        for (int n = 0; n < cpu0.size(); n++) {
          nodesCpu += (cpu1.get(n).toNanos() - cpu0.get(n).toNanos()) / 1e9;
        }
        double benchCpu = (benchCpuNanos() - benchCpu0) / 1e9;
        String s =
            p
                + String.format(
                    Locale.ROOT,
                    "%n  CPU over %.1f s: node processes %.1f s (%.0f µs per finalized transfer),"
                        + " bench client %.1f s; load average %s",
                    wall,
                    nodesCpu,
                    p.committed() > 0 ? nodesCpu * 1e6 / p.committed() : 0.0,
                    benchCpu,
                    loadAverage());
        out.println(s);
        summary.add(s);
        String probed = underLoad.get();
        if (!probed.isEmpty()) {
          out.println(probed);
          summary.add(probed);
        }
        windows.add(new Window(name, p.firstHeight(), p.lastHeight()));
        if (auto && i == 0) {
          double capacity = p.finalizedPerSecond();
          rates.add(Math.floor(capacity * 0.9));
          rates.add(Math.floor(capacity * 0.5));
        }
        load.loadAccounts(node0);
      }
      events.abort();

      summary.addAll(blockPropagation(net, windows));

      if (a.syncBlocks() > 0) {
        summary.add(blockSync(net, a, out));
      }
    } finally {
      if (!a.keep()) {
        FileTrees.delete(a.dir());
      }
    }
    out.println();
    out.println("===== summary (" + Instant.now() + ", load average " + loadAverage() + ")");
    for (String s : summary) {
      out.println(s);
    }
  }

  /** Vote propagation node1 -> node2 measured by {@link GossipProbe}, one line per figure. */
  private static String voteProbe(BenchCluster net, int probes, String when)
      throws IOException, InterruptedException {
    PeerAddress x = PeerAddress.parse(net.members().get(1).p2p());
    PeerAddress y = PeerAddress.parse(net.members().get(2).p2p());
    try (GossipProbe probe = GossipProbe.connect(LocalCluster.CHAIN_ID, x, y)) {
      Thread.sleep(1000);
      GossipProbe.Result r = probe.run(probes, Duration.ofMillis(20));
      return String.format(
          Locale.ROOT,
          "vote propagation, %s (%d of %d probes seen by both bench peers):%n"
              + "  validator -> validator (node1 -> node2, incl. node2's receive and relay): %s%n"
              + "  bench -> node1 -> bench (2 TCP hops + 1 relay): %s",
          when,
          r.seen(),
          r.sent(),
          LatencyStats.ofNanos(r.nodeToNode()),
          LatencyStats.ofNanos(r.viaOneNode()));
    }
  }

  /**
   * Block propagation from the nodes' commit logs: for each height, the spread between the first
   * and the last validator committing it, and how long after the first validator the full node (not
   * a validator: it learns the block and its commit by gossip) committed it.
   */
  private static List<String> blockPropagation(BenchCluster net, List<Window> windows)
      throws IOException {
    List<CommitLog> logs = new ArrayList<>();
    for (LocalCluster.Member m : net.members()) {
      logs.add(CommitLog.read(m.name(), m.logFile()));
    }
    List<String> lines = new ArrayList<>();
    lines.add("block propagation (commit-log timestamps, ms resolution):");
    for (Window w : windows) {
      List<Long> spread = new ArrayList<>();
      List<Long> full = new ArrayList<>();
      long txs = 0;
      for (long h = Math.max(2, w.from()); h <= w.to(); h++) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        boolean all = true;
        for (int v = 0; v < BenchCluster.VALIDATORS; v++) {
          CommitLog.Commit c = logs.get(v).commits().get(h);
          if (c == null) {
            all = false;
            break;
          }
          long at = c.at().toEpochMilli() * 1_000_000L;
          first = Math.min(first, at);
          last = Math.max(last, at);
          txs = Math.max(txs, c.txs());
        }
        if (!all) {
          continue;
        }
        spread.add(last - first);
        CommitLog.Commit f = logs.get(BenchCluster.VALIDATORS).commits().get(h);
        if (f != null) {
          full.add(f.at().toEpochMilli() * 1_000_000L - first);
        }
      }
      lines.add(
          String.format(
              Locale.ROOT,
              "  %s, heights %d..%d (up to %d txs a block):%n    first -> last validator: %s%n"
                  + "    first validator -> full node: %s",
              w.name(),
              w.from(),
              w.to(),
              txs,
              LatencyStats.ofNanos(spread.stream().mapToLong(Long::longValue).toArray()),
              LatencyStats.ofNanos(full.stream().mapToLong(Long::longValue).toArray())));
    }
    return lines;
  }

  /**
   * Grows the chain to {@code syncBlocks} heights with short block intervals, restarts the
   * validators with 1 s blocks, then times a fresh full node catching up over TCP.
   */
  private static String blockSync(BenchCluster net, Args a, PrintWriter out) throws Exception {
    NodeRest node0 = net.apis().get(0);
    long h = node0.height().orElse(0L);
    if (h < a.syncBlocks()) {
      out.println("growing the chain from " + h + " to " + a.syncBlocks() + " heights");
      net.down();
      net.setBlockInterval(a.fastInterval());
      net.up(1);
      long started = System.nanoTime();
      while ((h = node0.height().orElse(0L)) < a.syncBlocks()) {
        if (System.nanoTime() - started > Duration.ofMinutes(10).toNanos()) {
          throw new IOException("the chain did not reach " + a.syncBlocks() + " in 10 minutes");
        }
        Thread.sleep(1000);
      }
      net.down();
      net.setBlockInterval(Duration.ofSeconds(1));
      net.up(1);
    }
    long target = node0.height().orElseThrow();
    BenchCluster.ExtraNode sync = net.initFullNode("sync0");
    long start = System.nanoTime();
    Process p = net.start(sync);
    long firstAnswer = 0;
    long reached = 0;
    while (System.nanoTime() - start < Duration.ofMinutes(10).toNanos()) {
      if (!p.isAlive()) {
        throw new IOException("sync0 exited; see " + sync.log());
      }
      var height = sync.api().height();
      if (height.isPresent() && firstAnswer == 0) {
        firstAnswer = System.nanoTime();
      }
      if (height.orElse(0L) >= target) {
        reached = System.nanoTime();
        break;
      }
      Thread.sleep(50);
    }
    if (reached == 0) {
      throw new IOException("sync0 did not reach height " + target + " in 10 minutes");
    }
    CommitLog log = CommitLog.read("sync0", sync.log());
    CommitLog.Commit first = log.commits().get(1L);
    CommitLog.Commit last = log.commits().get(target);
    double loadedNanos = 0;
    double emptyNanos = 0;
    long loaded = 0;
    long empty = 0;
    long loadedTxs = 0;
    for (long k = 2; k <= target; k++) {
      CommitLog.Commit c = log.commits().get(k);
      CommitLog.Commit b = log.commits().get(k - 1);
      if (c == null || b == null) {
        continue;
      }
      double d = Duration.between(b.at(), c.at()).toNanos();
      if (c.txs() > 0) {
        loadedNanos += d;
        loaded++;
        loadedTxs += c.txs();
      } else {
        emptyNanos += d;
        empty++;
      }
    }
    double seconds =
        first != null && last != null ? Duration.between(first.at(), last.at()).toNanos() / 1e9 : 0;
    return String.format(
        Locale.ROOT,
        "block sync: fresh full node sync0 caught up %d blocks from the 4 validators over TCP:"
            + " %.1f s from process start (API up after %.1f s); blocks 1..%d committed in %.1f s ="
            + " %.1f blocks/s; %d empty blocks at %.1f blocks/s, %d blocks with transfers at %.1f"
            + " blocks/s (%.0f transfers/s re-executed)",
        target,
        (reached - start) / 1e9,
        (firstAnswer - start) / 1e9,
        target,
        seconds,
        seconds > 0 ? (target - 1) / seconds : 0.0,
        empty,
        emptyNanos > 0 ? empty / (emptyNanos / 1e9) : 0.0,
        loaded,
        loadedNanos > 0 ? loaded / (loadedNanos / 1e9) : 0.0,
        loadedNanos > 0 ? loadedTxs / (loadedNanos / 1e9) : 0.0);
  }

  private static String loadAverage() {
    try {
      List<String> f =
          java.util.regex.Pattern.compile(" ")
              .splitAsStream(Files.readString(Path.of("/proc/loadavg")))
              .toList();
      return f.get(0) + " " + f.get(1) + " " + f.get(2);
    } catch (IOException e) {
      return "(unknown)";
    }
  }

  private static long benchCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
