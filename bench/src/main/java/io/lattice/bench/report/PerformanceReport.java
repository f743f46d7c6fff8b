package io.lattice.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * Writes the "Harness run" section of docs/PERFORMANCE.md from one bench/run-all.sh output folder:
 * the machine, the command, the date, the JMH tables, Lattice under load against hardhat, the
 * signature-verification bound, the BFT log against Ratis, each as figures, ratios and the issue's
 * targets (met, or missed by how much), and the top frames of the nodes' JFR profile.
 *
 * <pre>PerformanceReport --results DIR [--write docs/PERFORMANCE.md]</pre>
 *
 * Without {@code --write} the section is printed. With it, the text between the {@link #BEGIN} and
 * {@link #END} markers is replaced (the section is appended if the markers are missing).
 */
public final class PerformanceReport {
  static final String BEGIN = "<!-- run-all:begin (written by bench/run-all.sh; do not edit) -->";
  static final String END = "<!-- run-all:end -->";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int VALIDATORS = 4;

  private final Path dir;
  private final Properties run = new Properties();
  private final StringBuilder md = new StringBuilder();

  PerformanceReport(Path dir) throws IOException {
    this.dir = dir;
    Path props = dir.resolve("run.properties");
    if (Files.exists(props)) {
      try (Reader r = Files.newBufferedReader(props, StandardCharsets.UTF_8)) {
        run.load(r);
      }
    }
  }

  public static void main(String[] args) throws IOException {
    Path results = null;
    Path write = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--results" -> results = Path.of(args[i + 1]);
        case "--write" -> write = Path.of(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (results == null) {
      throw new IllegalArgumentException("usage: PerformanceReport --results DIR [--write FILE]");
    }
    String section = new PerformanceReport(results).section();
    if (write == null) {
      System.out.print(section);
    } else {
      Files.writeString(write, splice(Files.readString(write), section), StandardCharsets.UTF_8);
    }
  }

  /** {@code document} with the text between the markers replaced by {@code section}. */
  static String splice(String document, String section) {
    int begin = document.indexOf(BEGIN);
    int end = document.indexOf(END);
    String block = BEGIN + "\n" + section + END;
    if (begin < 0 || end < begin) {
      return document + (document.endsWith("\n") ? "\n" : "\n\n") + block + "\n";
    }
    return document.substring(0, begin) + block + document.substring(end + END.length());
  }

  String section() throws IOException {
    md.append("## Harness run (`bench/run-all.sh`), ")
        .append(run.getProperty("started", "date unknown"))
        .append("\n\n");
    machine();
    Optional<Double> verifyPerCore = jmh();
    Optional<JsonNode> max = json("lattice-max.json");
    Optional<JsonNode> half = json("lattice-half.json");
    Optional<JsonNode> hardhat = json("hardhat.json");
    chainVsHardhat(max, half, hardhat);
    signatureBound(max, verifyPerCore);
    raft();
    profile();
    return md.toString();
  }

  private void machine() throws IOException {
    md.append("| machine | |\n|---|---|\n");
    row("CPU", cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores");
    row("memory", memory());
    row(
        "JDK",
        System.getProperty("java.vm.vendor")
            + " "
            + System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.version"));
    row("OS", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    row(
        "code",
        "`"
            + run.getProperty("commit", "?")
            + "`"
            + ("0".equals(run.getProperty("dirty", "0")) ? "" : " (with uncommitted changes)"));
    row("command", "`" + run.getProperty("command", "bench/run-all.sh").strip() + "`");
    row(
        "when",
        run.getProperty("started", "?")
            + " to "
            + run.getProperty("finished", "?")
            + "; load average "
            + run.getProperty("loadavg_start", "?")
            + " at the start, "
            + run.getProperty("loadavg_end", "?")
            + " at the end");
    row("raw results", "`" + dir.getFileName() + "/` (JSON, JMH text, plots, JFR; not committed)");
    md.append('\n');
  }

  private static String cpuModel() throws IOException {
    Path cpuinfo = Path.of("/proc/cpuinfo");
    if (Files.exists(cpuinfo)) {
      for (String line : Files.readAllLines(cpuinfo)) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).strip();
        }
      }
    }
    return System.getProperty("os.arch");
  }

  private static String memory() throws IOException {
    Path meminfo = Path.of("/proc/meminfo");
    if (Files.exists(meminfo)) {
      for (String line : Files.readAllLines(meminfo)) {
        if (line.startsWith("MemTotal:")) {
          long kib = Long.parseLong(line.replaceAll("\\D", ""));
          return String.format(Locale.ROOT, "%.1f GiB", kib / 1024.0 / 1024.0);
        }
      }
    }
    return "unknown";
  }

  /** The JMH tables; returns ed25519 verifications/s of one thread if measured. */
  private Optional<Double> jmh() throws IOException {
    Optional<Double> verify = Optional.empty();
    for (String file : List.of("jmh-signatures.json", "jmh-block.json", "jmh-state.json")) {
      Optional<JsonNode> results = json(file);
      if (results.isEmpty()) {
        continue;
      }
      md.append("### JMH: `").append(file).append("`\n\n");
      md.append("| benchmark | parameters | score | unit |\n|---|---|---|---|\n");
      for (JsonNode r : results.get()) {
        String name = r.path("benchmark").asText().replaceFirst("^io\\.lattice\\.bench\\.", "");
        StringBuilder params = new StringBuilder();
        r.path("params")
            .properties()
            .forEach(e ->
                params
                    .append(params.isEmpty() ? "" : ", ")
                    .append(e.getKey())
                    .append('=')
                    .append(e.getValue().asText()));
        JsonNode m = r.path("primaryMetric");
        double score = m.path("score").asDouble();
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %s ± %s | %s |%n",
                name,
                params,
                num(score),
                num(m.path("scoreError").asDouble()),
                m.path("scoreUnit").asText()));
        if (name.endsWith("SignatureBench.verify")
            && r.path("params").path("algorithm").asText().equals("ed25519")) {
          verify = Optional.of(score);
        }
      }
      md.append('\n');
    }
    return verify;
  }

  private void chainVsHardhat(
      Optional<JsonNode> max, Optional<JsonNode> half, Optional<JsonNode> hardhat) {
    if (max.isEmpty() && hardhat.isEmpty()) {
      return;
    }
    md.append("### Signed value transfers: Lattice vs a hardhat node\n\n");
    md.append(
        "Lattice: `./lattice up` (4 validator processes and 1 full node, RocksDB with one fsync"
            + " per block, 1 s blocks, Noise-encrypted loopback TCP) loaded by `./lattice bench"
            + " load --rate max` and then at half the rate that finalized, over 32 REST lanes"
            + " spread over the 4 validators; during the max-rate phase (funding included) the"
            + " nodes ran JFR (`jcmd PID JFR.start settings=profile`)."
            + " Latency is submission to the block arriving on the first validator's event"
            + " stream.\n\n");
    md.append(
        "| system | accounts | submitted | committed | rejected | transfers/s | p50 | p90 | p99 |"
            + " max |\n|---|---|---|---|---|---|---|---|---|---|\n");
    max.ifPresent(j -> latticeRow("Lattice, max rate", j));
    half.ifPresent(
        j -> latticeRow("Lattice, half rate (" + j.path("offered_rate").asText() + "/s)", j));
    hardhat.ifPresent(h ->
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %s | %s | %s | **%s** | %s | %s | %s | %s |%n",
                h.path("system").asText("hardhat"),
                h.path("accounts").asText(),
                h.path("submitted").asText(),
                h.path("committed").asText(),
                h.path("rejected").asText(),
                num(h.path("tps").asDouble()),
                ms(h.path("p50_ms")),
                ms(h.path("p90_ms")),
                ms(h.path("p99_ms")),
                ms(h.path("max_ms")))));
    md.append('\n');
    hardhat.ifPresent(h ->
        md.append("hardhat conditions: ").append(h.path("conditions").asText()).append("\n\n"));
    if (max.isPresent() && hardhat.isPresent()) {
      double ratio =
          max.get().path("finalized_tps").asDouble() / hardhat.get().path("tps").asDouble();
      md.append(target("Lattice / hardhat transfers/s", ratio, 3.0, "×"));
    }
    max.ifPresent(j -> rejections("Lattice at max rate", j));
  }

  private void latticeRow(String label, JsonNode j) {
    JsonNode l = j.path("commit_latency_ms");
    md.append(
        String.format(
            Locale.ROOT,
            "| %s | %s | %s | %s | %s | **%s** | %s | %s | %s | %s |%n",
            label,
            j.path("accounts").asText(),
            j.path("submitted").asText(),
            j.path("committed").asText(),
            j.path("rejected").asText(),
            num(j.path("finalized_tps").asDouble()),
            ms(l.path("p50")),
            ms(l.path("p90")),
            ms(l.path("p99")),
            ms(l.path("max"))));
  }

  private void rejections(String label, JsonNode j) {
    JsonNode reasons = j.path("rejected_by_reason");
    if (reasons.isEmpty()) {
      md.append(label)
          .append(": nothing rejected; ")
          .append(j.path("busy_retries").asText())
          .append(" submissions retried after a 503.\n\n");
      return;
    }
    md.append(label).append(", rejected by reason: ");
    List<String> parts = new ArrayList<>();
    reasons.properties().forEach(e -> parts.add(e.getValue().asText() + " × " + e.getKey()));
    md.append(String.join("; ", parts)).append(".\n\n");
  }

  private void signatureBound(Optional<JsonNode> max, Optional<Double> verifyPerCore) {
    if (max.isEmpty() || verifyPerCore.isEmpty()) {
      return;
    }
    int cores = Runtime.getRuntime().availableProcessors();
    double bound = verifyPerCore.get() * cores / VALIDATORS;
    double tps = max.get().path("finalized_tps").asDouble();
    md.append("### Against the signature-verification bound\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "ed25519 verifies %s signatures/s on one core (JMH above). Every transfer is"
                + " verified at least once by each of the %d co-located validators, so %d cores"
                + " bound the network at %s × %d / %d = **%s transfers/s**. Lattice finalized"
                + " %s/s at max rate.%n%n",
            num(verifyPerCore.get()),
            VALIDATORS,
            cores,
            num(verifyPerCore.get()),
            cores,
            VALIDATORS,
            num(bound),
            num(tps)));
    md.append(target("Lattice / bound", tps / bound, 0.70, ""));
  }

  private void raft() throws IOException {
    Optional<JsonNode> file = json("raft.json");
    if (file.isEmpty()) {
      return;
    }
    List<JsonNode> systems = new ArrayList<>();
    if (file.get().isArray()) {
      file.get().forEach(systems::add);
    } else if (file.get().has("systems")) {
      file.get().path("systems").forEach(systems::add);
    } else {
      systems.add(file.get());
    }
    md.append("### Replicated log: Lattice BFT vs Apache Ratis (Raft)\n\n");
    md.append("| system | nodes | payload | committed | entries/s | p50 | p90 | p99 | max |\n");
    md.append("|---|---|---|---|---|---|---|---|---|\n");
    JsonNode lattice = null;
    JsonNode ratis = null;
    for (JsonNode s : systems) {
      String name = s.path("system").asText();
      if (name.toLowerCase(Locale.ROOT).contains("ratis")) {
        ratis = s;
      } else if (name.toLowerCase(Locale.ROOT).contains("lattice")) {
        lattice = s;
      }
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s B | %s | **%s** | %s | %s | %s | %s |%n",
              name,
              s.path("nodes").asText(),
              s.path("payload_bytes").asText(),
              s.path("committed").asText(),
              num(s.path("ops_per_s").asDouble()),
              ms(s.path("p50_ms")),
              ms(s.path("p90_ms")),
              ms(s.path("p99_ms")),
              ms(s.path("max_ms"))));
    }
    md.append('\n');
    for (JsonNode s : systems) {
      md.append("- ")
          .append(s.path("system").asText())
          .append(": ")
          .append(s.path("conditions").asText())
          .append('\n');
    }
    md.append('\n');
    if (lattice != null && ratis != null) {
      double ratio = lattice.path("ops_per_s").asDouble() / ratis.path("ops_per_s").asDouble();
      md.append(target("Lattice BFT log / Ratis entries/s", ratio, 0.5, "×"));
    }
  }

  private void profile() throws IOException {
    Path jfr = dir.resolve("jfr");
    if (!Files.isDirectory(jfr)) {
      return;
    }
    JfrProfile p = JfrProfile.read(jfr, 12);
    if (p.samples() == 0) {
      return;
    }
    md.append("### Where the time goes (JFR of the 5 node processes, max-rate phase)\n\n");
    md.append(p.samples())
        .append(
            " CPU samples. Top methods by own time, and by the innermost"
                + " Lattice method on the stack:\n\n");
    md.append(
        "| own time (leaf frame) | share | under Lattice method | share |\n|---|---|---|---|\n");
    for (int i = 0; i < Math.max(p.byLeaf().size(), p.byLatticeFrame().size()); i++) {
      md.append("| ")
          .append(entry(p.byLeaf(), i))
          .append(" | ")
          .append(entry(p.byLatticeFrame(), i))
          .append(" |\n");
    }
    md.append("\n| own time by package | share | samples by thread | share |\n|---|---|---|---|\n");
    for (int i = 0; i < Math.max(p.byLeafPackage().size(), p.byThread().size()); i++) {
      md.append("| ")
          .append(entry(p.byLeafPackage(), i))
          .append(" | ")
          .append(entry(p.byThread(), i))
          .append(" |\n");
    }
    md.append('\n');
  }

  private static String entry(List<JfrProfile.Entry> list, int i) {
    if (i >= list.size()) {
      return " | ";
    }
    JfrProfile.Entry e = list.get(i);
    return String.format(Locale.ROOT, "`%s` | %.1f%%", e.method(), e.share() * 100);
  }

  /** A line saying whether {@code value} reaches {@code target}, and by how much it misses. */
  static String target(String what, double value, double target, String unit) {
    boolean met = value >= target;
    String v = String.format(Locale.ROOT, "%.2f%s", value, unit);
    String t = String.format(Locale.ROOT, "%.2f%s", target, unit);
    if (met) {
      return "**" + what + " = " + v + ": target ≥ " + t + " met.**\n\n";
    }
    return String.format(
        Locale.ROOT,
        "**%s = %s: target ≥ %s missed by %.0f%%.**%n%n",
        what,
        v,
        t,
        (1 - value / target) * 100);
  }

  private Optional<JsonNode> json(String name) throws IOException {
    Path p = dir.resolve(name);
    if (!Files.exists(p) || Files.size(p) == 0) {
      return Optional.empty();
    }
    return Optional.of(JSON.readTree(p.toFile()));
  }

  private void row(String label, String value) {
    md.append("| ").append(label).append(" | ").append(value).append(" |\n");
  }

  private static String num(double v) {
    if (v >= 100) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }

  private static String ms(JsonNode v) {
    if (!v.isNumber()) {
      return "–";
    }
    double m = v.asDouble();
    return m >= 1000
        ? String.format(Locale.ROOT, "%.2f s", m / 1000)
        : String.format(Locale.ROOT, "%.1f ms", m);
  }
}
