package io.lattice.bench.peer.raft;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.common.FileTrees;
import io.lattice.node.config.NodeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * Committed entries/s and commit latency of a 4-node replicated log: Lattice's Tendermint BFT
 * consensus ({@link LatticeLog}) against Apache Ratis' Raft ({@link RatisLog}), one after the other
 * in this JVM, with the same payload size, client window and durability (every entry on disk with
 * fsync before it counts).
 *
 * <pre>
 * ReplicatedLogBench [--system both|ratis|lattice] [--seconds 20] [--warmup 5] [--payload 256]
 *                    [--window 1000] [--nodes 4] [--block-interval 10ms] [--tx-path direct|gossip]
 *                    [--ratis-appender-wait 10ms] [--repeat 1] [--json FILE] [--dir DIR]
 * </pre>
 *
 * The commit timeout ({@code --block-interval}, the node's {@code consensus.block_interval},
 * default 1 s) is 10 ms: at 0 ms the next proposer often proposes before the mempool refilled (more
 * empty blocks, about 15% fewer entries/s here), and heights whose round 0 fails cost the 3 s
 * propose timeout; at 1 s the log would mostly measure the timer.
 *
 * <p>{@code --repeat N} runs the systems N times, alternating, and reports each one's median run
 * (every run's entries/s under {@code runs_ops_per_s}): the machine's load drifts between runs.
 *
 * <p>With {@code --json} the file holds {@code {"systems": [flat object per system], "ratio":
 * ...}}; each system's object has {@code system, nodes, payload_bytes, window, seconds, committed,
 * ops_per_s, p50_ms, p90_ms, p99_ms, max_ms, mean_ms, cpu_us_per_entry, conditions} and its
 * protocol counters (for Lattice also signatures, messages and fsyncs per block).
 */
public final class ReplicatedLogBench {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ReplicatedLogBench() {}

  record Args(
      List<String> systems,
      Duration seconds,
      Duration warmup,
      int payload,
      int window,
      int nodes,
      Duration blockInterval,
      LatticeLog.TxPath txPath,
      Duration ratisAppenderWait,
      int repeat,
      Optional<Path> json,
      Optional<Path> dir) {
    static Args parse(String[] argv) {
      Map<String, String> m = new LinkedHashMap<>();
      for (int i = 0; i < argv.length; i++) {
        if (!argv[i].startsWith("--") || i + 1 >= argv.length) {
          throw new IllegalArgumentException(
              "expected --name value pairs, got '" + argv[i] + "' (see the class javadoc)");
        }
        String name = argv[i].substring(2);
        if (!List.of(
                "system",
                "seconds",
                "warmup",
                "payload",
                "window",
                "nodes",
                "block-interval",
                "tx-path",
                "ratis-appender-wait",
                "json",
                "repeat",
                "dir")
            .contains(name)) {
          throw new IllegalArgumentException("unknown option --" + name);
        }
        m.put(name, argv[++i]);
      }
      String system = m.getOrDefault("system", "both");
      List<String> systems =
          switch (system) {
            case "both" -> List.of("ratis", "lattice");
            case "ratis", "lattice" -> List.of(system);
            default ->
                throw new IllegalArgumentException(
                    "--system must be both, ratis or lattice, got " + system);
          };
      int payload = positive(m, "payload", 256);
      if (payload < NoopApplication.MIN_PAYLOAD) {
        throw new IllegalArgumentException(
            "--payload must be at least " + NoopApplication.MIN_PAYLOAD + " bytes, got " + payload);
      }
      int nodes = positive(m, "nodes", 4);
      if (nodes < 4) {
        throw new IllegalArgumentException(
            "--nodes must be at least 4 (BFT needs 3f+1 for f=1), got " + nodes);
      }
      String path = m.getOrDefault("tx-path", "direct");
      LatticeLog.TxPath txPath =
          switch (path) {
            case "direct" -> LatticeLog.TxPath.DIRECT;
            case "gossip" -> LatticeLog.TxPath.GOSSIP;
            default ->
                throw new IllegalArgumentException(
                    "--tx-path must be direct or gossip, got " + path);
          };
      return new Args(
          systems,
          Duration.ofSeconds(positive(m, "seconds", 20)),
          Duration.ofSeconds(Integer.parseInt(m.getOrDefault("warmup", "5"))),
          payload,
          positive(m, "window", 1000),
          nodes,
          NodeConfig.parseDuration(m.getOrDefault("block-interval", "10ms")),
          txPath,
          NodeConfig.parseDuration(m.getOrDefault("ratis-appender-wait", "10ms")),
          positive(m, "repeat", 1),
          Optional.ofNullable(m.get("json")).map(Path::of),
          Optional.ofNullable(m.get("dir")).map(Path::of));
    }

    private static int positive(Map<String, String> m, String name, int dflt) {
      String text = m.get(name);
      if (text == null) {
        return dflt;
      }
      int v;
      try {
        v = Integer.parseInt(text);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--" + name + " must be a number, got " + text, e);
      }
      if (v < 1) {
        throw new IllegalArgumentException("--" + name + " must be positive, got " + v);
      }
      return v;
    }
  }

  public static void main(String[] argv) throws Exception {
    Args a;
    try {
      a = Args.parse(argv);
    } catch (IllegalArgumentException e) {
      System.err.println("bench-raft: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (System.getProperty("logback.configurationFile") == null) {
      // eight servers log every election and block; keep the figures readable
      for (String name : List.of(org.slf4j.Logger.ROOT_LOGGER_NAME, "io.lattice")) {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(name))
            .setLevel(ch.qos.logback.classic.Level.WARN);
      }
      // Ratis warns about every follower connection its shutdown breaks; failures are counted
      ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.apache.ratis"))
          .setLevel(ch.qos.logback.classic.Level.ERROR);
    }
    System.out.printf(
        Locale.ROOT,
        "replicated log: %d nodes, %d-byte payloads, %d in flight, %d s warm-up + %d s measured,"
            + " load %s%n",
        a.nodes(),
        a.payload(),
        a.window(),
        a.warmup().toSeconds(),
        a.seconds().toSeconds(),
        loadAverage());
    // on a machine shared with other work the load drifts: alternate the systems and report each
    // one's median run
    Map<String, List<ObjectNode>> runs = new LinkedHashMap<>();
    for (int i = 0; i < a.repeat(); i++) {
      for (String system : a.systems()) {
        runs.computeIfAbsent(system, k -> new ArrayList<>()).add(run(system, a));
      }
    }
    ArrayNode systems = JSON.createArrayNode();
    for (List<ObjectNode> all : runs.values()) {
      systems.add(median(all));
    }
    ObjectNode out = JSON.createObjectNode();
    out.set("systems", systems);
    System.out.println();
    table(systems);
    Optional<Double> ratio = ratio(systems);
    ratio.ifPresent(r -> {
      out.put("ratio_lattice_over_ratis", r);
      System.out.printf(Locale.ROOT, "%nLattice BFT / Ratis committed entries/s: %.3f%n", r);
    });
    if (a.json().isPresent()) {
      Path file = a.json().get();
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), out);
      System.out.println("wrote " + file);
    }
  }

  /** The run of median throughput, with every run's entries/s under {@code runs_ops_per_s}. */
  static ObjectNode median(List<ObjectNode> runs) {
    List<ObjectNode> sorted = new ArrayList<>(runs);
    sorted.sort(java.util.Comparator.comparingDouble(o -> o.path("ops_per_s").asDouble()));
    ObjectNode m = sorted.get((sorted.size() - 1) / 2).deepCopy();
    ArrayNode all = m.putArray("runs_ops_per_s");
    runs.forEach(r -> all.add(r.path("ops_per_s").asDouble()));
    return m;
  }

  private static Optional<Double> ratio(ArrayNode systems) {
    Double lattice = null;
    Double ratis = null;
    for (var s : systems) {
      if (s.path("system").asText().startsWith("ratis")) {
        ratis = s.path("ops_per_s").asDouble();
      } else {
        lattice = s.path("ops_per_s").asDouble();
      }
    }
    return lattice == null || ratis == null || ratis == 0
        ? Optional.empty()
        : Optional.of(lattice / ratis);
  }

  private static ObjectNode run(String system, Args a) throws Exception {
    Path dir =
        a.dir().isPresent()
            ? Files.createDirectories(a.dir().get().resolve(system))
            : Files.createTempDirectory("bench-raft-" + system);
    ClosedLoop loop = new ClosedLoop(a.window(), a.payload());
    ReplicatedLog log =
        system.equals("ratis")
            ? new RatisLog(a.nodes(), a.window(), a.ratisAppenderWait(), dir)
            : new LatticeLog(a.nodes(), a.window(), a.blockInterval(), a.txPath(), dir);
    System.out.printf(Locale.ROOT, "%s: starting %d nodes in %s%n", log.system(), a.nodes(), dir);
    String loadBefore = loadAverage();
    ClosedLoop.Result r;
    Map<String, Long> before;
    Map<String, Long> after;
    try {
      log.start(loop::committed);
      before = log.counters();
      r = loop.run(log, a.warmup(), a.seconds());
      after = log.counters();
    } finally {
      log.close();
      if (a.dir().isEmpty()) {
        FileTrees.delete(dir);
      }
    }
    ObjectNode o = JSON.createObjectNode();
    o.put("system", log.system());
    o.put("nodes", a.nodes());
    o.put("payload_bytes", a.payload());
    o.put("window", a.window());
    o.put("seconds", r.seconds());
    o.put("committed", r.committed());
    o.put("ops_per_s", round(r.perSecond(), 1));
    o.put("p50_ms", ms(r.p50()));
    o.put("p90_ms", ms(r.p90()));
    o.put("p99_ms", ms(r.p99()));
    o.put("max_ms", ms(r.max()));
    o.put("mean_ms", round(r.mean() / 1e6, 3));
    o.put(
        "cpu_us_per_entry", r.committed() == 0 ? 0 : round(r.cpuNanos() / 1e3 / r.committed(), 1));
    // counters cover warm-up and measurement (and the drain): the per-block ratios are what
    // matters, not the totals
    for (Map.Entry<String, Long> e : after.entrySet()) {
      o.put(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L));
    }
    if (log instanceof LatticeLog) {
      bftCosts(o, a.nodes());
    }
    o.put("loadavg_start", loadBefore);
    o.put("loadavg_end", loadAverage());
    o.put("conditions", log.conditions());
    System.out.printf(
        Locale.ROOT,
        "%s: %d committed in %.0f s = %.0f entries/s, p50 %.1f ms, p99 %.1f ms%n",
        log.system(),
        r.committed(),
        r.seconds(),
        r.perSecond(),
        r.p50() / 1e6,
        r.p99() / 1e6);
    return o;
  }

  /**
   * What BFT costs per block, from the counters and the engine's durability rules: each validator
   * signs its prevote and precommit (the proposer also its proposal), persisting its sign state
   * (file + directory fsync) and logging the message in its WAL (fsync) before sending it; the
   * block and state are one synced RocksDB write and the WAL gets an end-height marker (fsync).
   */
  private static void bftCosts(ObjectNode o, int nodes) {
    long blocks = o.path("blocks").asLong();
    if (blocks == 0) {
      return;
    }
    long signed =
        o.path("proposals_signed").asLong()
            + o.path("prevotes_signed").asLong()
            + o.path("precommits_signed").asLong();
    o.put("entries_per_block", round((double) o.path("entries_in_blocks").asLong() / blocks, 1));
    o.put("signatures_per_block", round((double) signed / blocks, 2));
    o.put(
        "messages_sent_per_block",
        round((double) (signed + o.path("block_parts_sent").asLong()) / blocks, 2));
    o.put(
        "messages_delivered_per_block",
        round((double) o.path("consensus_messages_delivered").asLong() / blocks, 2));
    // per signature: sign state (file + directory) and WAL; per validator per block: RocksDB + WAL
    // end-height marker
    o.put("fsyncs_per_block", round((double) (3 * signed + 2L * nodes * blocks) / blocks, 1));
    o.put("message_delays_per_block", 3);
  }

  private static void table(ArrayNode systems) {
    System.out.printf(
        Locale.ROOT,
        "%-20s %5s %7s %10s %11s %8s %8s %8s %8s %9s%n",
        "system",
        "nodes",
        "payload",
        "committed",
        "entries/s",
        "p50 ms",
        "p90 ms",
        "p99 ms",
        "max ms",
        "cpu µs/e");
    for (var s : systems) {
      System.out.printf(
          Locale.ROOT,
          "%-20s %5d %7d %10d %11.0f %8.1f %8.1f %8.1f %8.1f %9.1f%n",
          s.path("system").asText(),
          s.path("nodes").asInt(),
          s.path("payload_bytes").asInt(),
          s.path("committed").asLong(),
          s.path("ops_per_s").asDouble(),
          s.path("p50_ms").asDouble(),
          s.path("p90_ms").asDouble(),
          s.path("p99_ms").asDouble(),
          s.path("max_ms").asDouble(),
          s.path("cpu_us_per_entry").asDouble());
    }
    for (var s : systems) {
      if (s.has("signatures_per_block")) {
        System.out.printf(
            Locale.ROOT,
            "%nBFT costs (%s): %d blocks, %.1f entries/block, %.2f signatures/block, %.2f"
                + " messages sent/block (%.2f delivered), ~%.0f fsyncs/block over all nodes,"
                + " 3 message delays (propose, prevote, precommit) vs Raft's 2 (append, ack);"
                + " %d blocks decided after round 0, %d empty%n",
            s.path("system").asText(),
            s.path("blocks").asLong(),
            s.path("entries_per_block").asDouble(),
            s.path("signatures_per_block").asDouble(),
            s.path("messages_sent_per_block").asDouble(),
            s.path("messages_delivered_per_block").asDouble(),
            s.path("fsyncs_per_block").asDouble(),
            s.path("blocks_decided_after_round_0").asLong(),
            s.path("empty_blocks").asLong());
      }
    }
    for (var s : systems) {
      System.out.println("- " + s.path("system").asText() + ": " + s.path("conditions").asText());
    }
  }

  private static double ms(long nanos) {
    return round(nanos / 1e6, 3);
  }

  private static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }

  private static String loadAverage() {
    try {
      List<String> f = List.of(Files.readString(Path.of("/proc/loadavg")).trim().split(" ", -1));
      return String.join(" ", f.subList(0, Math.min(3, f.size())));
    } catch (IOException e) {
      return "unknown";
    }
  }
}
