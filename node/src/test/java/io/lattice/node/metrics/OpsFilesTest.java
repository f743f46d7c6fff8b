package io.lattice.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lattice.common.Clock;
import io.lattice.node.chain.LatticeNode;
import io.lattice.node.config.ConfigFile;
import io.lattice.node.config.HomeInitializer;
import io.lattice.node.config.NodeConfig;
import io.lattice.node.config.NodeHome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files in {@code ops/} refer only to metrics a real node exports: every {@code lattice_*} and
 * {@code jvm_*} name in an alert expression or a dashboard query must appear in a running node's
 * {@code /metrics}. The PromQL syntax itself is checked by {@code scripts/check-ops} (promtool).
 */
class OpsFilesTest {
  private static final Path OPS = Path.of("..", "ops");
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern EXPR = Pattern.compile("^\\s*expr:\\s*(.*)$");
  private static final Pattern ALERT = Pattern.compile("^\\s*- alert:\\s*(\\S+)\\s*$");
  private static final Pattern METRIC = Pattern.compile("\\b((?:lattice|jvm)_[a-zA-Z0-9_]+)");
  private static final Pattern EXPORTED =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{[^}]*\\})? \\S+$", Pattern.MULTILINE);

  @TempDir Path dir;

  /** The one-line {@code expr:} values of the rules file, one per {@code - alert:}. */
  private static List<String> alertExpressions() throws Exception {
    List<String> lines = Files.readAllLines(OPS.resolve("prometheus/alerts.yml"));
    List<String> exprs = new ArrayList<>();
    int alerts = 0;
    for (String line : lines) {
      if (ALERT.matcher(line).matches()) {
        alerts++;
      }
      Matcher m = EXPR.matcher(line);
      if (m.matches()) {
        String expr = m.group(1).strip();
        assertThat(expr)
            .as("alerts.yml keeps each expr on one line (no block scalar): %s", line)
            .isNotEmpty()
            .doesNotStartWith("|")
            .doesNotStartWith(">");
        exprs.add(expr);
      }
    }
    assertThat(exprs).as("one expr per alert").hasSize(alerts);
    return exprs;
  }

  private static List<String> dashboardQueries() throws Exception {
    JsonNode dash = JSON.readTree(OPS.resolve("grafana/lattice.json").toFile());
    assertThat(dash.get("title").asText()).isEqualTo("Lattice");
    List<String> out = new ArrayList<>();
    for (JsonNode panel : dash.get("panels")) {
      assertThat(panel.get("targets")).as(panel.get("title").asText()).isNotEmpty();
      for (JsonNode target : panel.get("targets")) {
        out.add(target.get("expr").asText());
      }
    }
    for (JsonNode variable : dash.at("/templating/list")) {
      out.add(variable.get("definition").asText());
    }
    return out;
  }

  private static Set<String> metricNames(List<String> exprs) {
    Set<String> names = new TreeSet<>();
    for (String e : exprs) {
      Matcher m = METRIC.matcher(e);
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  private static String get(LatticeNode node, String path) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(node.apiUrl().orElseThrow() + path)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  private static Set<String> exported(String body) {
    Set<String> names = new TreeSet<>();
    Matcher m = EXPORTED.matcher(body);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  private static double blocksCommitted(String body) {
    Matcher m =
        Pattern.compile("^lattice_blocks_committed_total (\\S+)$", Pattern.MULTILINE).matcher(body);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  @Test
  void scrapeConfigCoversTheLocalNetworkAndLoadsTheRules() throws Exception {
    List<String> lines = Files.readAllLines(OPS.resolve("prometheus/prometheus.yml"));
    assertThat(lines).anySatisfy(l -> assertThat(l.strip()).isEqualTo("- alerts.yml"));
    List<String> targets =
        lines.stream()
            .map(String::strip)
            .filter(l -> l.startsWith("- targets:"))
            .map(l -> l.replaceAll(".*\\[\"(.*)\"\\].*", "$1"))
            .toList();
    assertThat(targets)
        .as("lattice up's default ports: each chain's API node, then its 4 validators")
        .containsExactly(
            "127.0.0.1:8545",
            "127.0.0.1:8550",
            "127.0.0.1:8551",
            "127.0.0.1:8552",
            "127.0.0.1:8553",
            "127.0.0.1:8546",
            "127.0.0.1:8554",
            "127.0.0.1:8555",
            "127.0.0.1:8556",
            "127.0.0.1:8557");
    assertThat(Files.isRegularFile(OPS.resolve("prometheus/alerts.yml"))).isTrue();
  }

  @Test
  void alertsAndDashboardUseOnlyMetricsARealNodeExports() throws Exception {
    Set<String> alertMetrics = metricNames(alertExpressions());
    Set<String> dashboardMetrics = metricNames(dashboardQueries());
    assertThat(alertMetrics)
        .contains(
            "lattice_blocks_committed_total",
            "lattice_p2p_peers",
            "lattice_mempool_size",
            "lattice_catching_up");
    assertThat(dashboardMetrics)
        .contains(
            "lattice_block_height",
            "lattice_block_interval_seconds_bucket",
            "lattice_txs_committed_total",
            "lattice_block_txs_sum",
            "lattice_block_commit_latency_seconds_bucket",
            "lattice_mempool_size",
            "lattice_p2p_peers",
            "lattice_p2p_channel_received_bytes_total",
            "lattice_tx_rejected_total",
            "jvm_memory_used_bytes");

    NodeHome home = new NodeHome(dir.resolve("ops"));
    new HomeInitializer(Clock.system(), new SecureRandom())
        .init(home, "lattice-ops-1", "ops", false);
    NodeConfig config = ConfigFile.read(home.configToml());
    ConfigFile.write(
        home.configToml(),
        config.withP2p(
            new NodeConfig.P2p(Optional.of(new NodeConfig.HostPort("127.0.0.1", 0)), List.of())));
    try (LatticeNode node =
        LatticeNode.start(
            home,
            LatticeNode.Options.defaults()
                .withApi(new NodeConfig.HostPort("127.0.0.1", 0))
                .withBlockInterval(Duration.ofMillis(100)))) {
      // A rejected transaction makes the labelled counter lattice_tx_rejected_total appear.
      String garbage =
          "{\"tx_bytes\":\"" + Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}) + "\"}";
      HttpResponse<String> rejected =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(node.apiUrl().orElseThrow() + "/v1/txs"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(garbage))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(rejected.statusCode()).isEqualTo(422);
      // Per-block meters fill from the first block committed after the API started.
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> blocksCommitted(get(node, "/metrics")) >= 2);
      Set<String> exported = exported(get(node, "/metrics"));
      assertThat(exported).as("exported by a node").containsAll(alertMetrics);
      assertThat(exported).as("exported by a node").containsAll(dashboardMetrics);
    }
  }
}
