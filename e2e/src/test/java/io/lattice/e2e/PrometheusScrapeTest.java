package io.lattice.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian's {@code prometheus} package, installed by {@code scripts/install-debs}
 * when missing) checks the project's alert rules, scrape config and dashboard queries with its
 * {@code promtool} ({@code scripts/check-ops}), then scrapes a real local network with those rules
 * ({@code ops/prometheus/alerts.yml}), and the test asks it what an operator would: are all nodes
 * up, is the chain advancing, are the rules loaded, and does killing a validator show as a down
 * target and a pending {@code LatticeNodeDown} alert.
 */
class PrometheusScrapeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final int KILLED = 2;

  @TempDir Path tmp;

  @Test
  void prometheusScrapesEveryNodeAndSeesAKilledValidator() throws Exception {
    String prometheusBinary = prometheus();
    try (Network net = Network.start(tmp.resolve("net"))) {
      net.awaitAllAt(2, Duration.ofMinutes(2));
      int port = freePort();
      Path config = writeConfig(net, tmp.resolve("prometheus.yml"));
      Process prom =
          new ProcessBuilder(
                  prometheusBinary,
                  "--config.file=" + config,
                  "--storage.tsdb.path=" + tmp.resolve("tsdb"),
                  "--web.listen-address=127.0.0.1:" + port)
              .redirectErrorStream(true)
              .redirectOutput(tmp.resolve("prometheus.log").toFile())
              .start();
      try {
        Prometheus api = new Prometheus("http://127.0.0.1:" + port);
        await("every node scraped and up")
            .atMost(Duration.ofMinutes(1))
            .pollInterval(Duration.ofSeconds(1))
            .untilAsserted(
                () -> assertThat(api.upByNode()).hasSize(net.size()).doesNotContainValue(0.0));

        double first = api.scalar("max(lattice_block_height)");
        await("the chain advances in Prometheus's view")
            .atMost(Duration.ofMinutes(1))
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> api.scalar("min(lattice_block_height)") > first);
        assertThat(api.scalar("sum(lattice_p2p_peers)"))
            .as("peers seen by Prometheus")
            .isGreaterThanOrEqualTo(net.size());

        JsonNode groups = api.get("/api/v1/rules").path("data").path("groups");
        List<String> alerts = new ArrayList<>();
        for (JsonNode g : groups) {
          for (JsonNode r : g.path("rules")) {
            assertThat(r.path("health").asText()).as("rule %s", r.path("name")).isEqualTo("ok");
            alerts.add(r.path("name").asText());
          }
        }
        assertThat(alerts).contains("LatticeNodeDown", "LatticeNoNewBlock", "LatticeNoPeers");

        String missedOfKilled = missed("min", net.consensusAddress(KILLED));
        String missedOfSurvivor = missed("max", net.consensusAddress(0));
        double killedBefore = api.scalar(missedOfKilled);
        double survivorBefore = api.scalar(missedOfSurvivor);
        net.kill(KILLED);
        String killed = net.name(KILLED);
        await(killed + " down in Prometheus and LatticeNodeDown pending")
            .atMost(Duration.ofMinutes(1))
            .pollInterval(Duration.ofSeconds(1))
            .untilAsserted(() -> {
              assertThat(api.upByNode()).containsEntry(killed, 0.0);
              assertThat(api.alertState("LatticeNodeDown", killed)).isIn("pending", "firing");
            });
        await("the survivors count " + killed + "'s missed blocks")
            .atMost(Duration.ofMinutes(1))
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> api.scalar(missedOfKilled) >= killedBefore + 3);
        assertThat(api.scalar(missedOfSurvivor) - survivorBefore)
            .as("blocks missed since the kill by a validator that stayed up")
            .isLessThan(api.scalar(missedOfKilled) - killedBefore);

        net.up();
        await(killed + " up again")
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofSeconds(1))
            .untilAsserted(() -> assertThat(api.upByNode()).containsEntry(killed, 1.0));
      } finally {
        prom.destroy();
        if (!prom.waitFor(10, TimeUnit.SECONDS)) {
          prom.destroyForcibly();
        }
      }
    }
  }

  @Test
  void opsFilesPassPromtool() throws Exception {
    prometheus();
    Process check =
        new ProcessBuilder(REPO.resolve("scripts/check-ops").toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(check.waitFor()).as("scripts/check-ops (promtool):%n%s", output).isZero();
    assertThat(output).contains("ops/prometheus and ops/grafana queries: OK");
  }

  /**
   * A query of one validator's missed-block counters, aggregated over the nodes with {@code agg}.
   */
  private static String missed(String agg, String validator) {
    return "%s(lattice_validator_missed_blocks_total{validator=\"%s\"})".formatted(agg, validator);
  }

  /** The Prometheus binary, installed from Debian's package first when it is not on the PATH. */
  private static String prometheus() throws IOException, InterruptedException {
    Path installed = Path.of("/usr/bin/prometheus");
    if (!Files.isExecutable(installed)) {
      Process p =
          new ProcessBuilder(REPO.resolve("scripts/install-debs").toString(), "prometheus")
              .inheritIO()
              .start();
      assertThat(p.waitFor()).as("scripts/install-debs prometheus exit code").isZero();
    }
    assertThat(installed).as("Debian's prometheus binary").isExecutable();
    return installed.toString();
  }

  /** The project's scrape config shape with this network's API ports and 1 s intervals. */
  private static Path writeConfig(Network net, Path file) throws IOException {
    StringBuilder y = new StringBuilder();
    y.append("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n");
    y.append("rule_files:\n  - ")
        .append(REPO.resolve("ops/prometheus/alerts.yml"))
        .append("\nscrape_configs:\n  - job_name: lattice\n    metrics_path: /metrics\n")
        .append("    static_configs:\n");
    for (int i = 0; i < net.size(); i++) {
      URI api = URI.create(net.api(i).baseUrl());
      y.append("      - targets: [\"")
          .append(api.getHost())
          .append(':')
          .append(api.getPort())
          .append("\"]\n        labels:\n          node: ")
          .append(net.name(i))
          .append('\n');
    }
    return Files.writeString(file, y.toString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Prometheus's HTTP API (v1). */
  private record Prometheus(String baseUrl) {
    JsonNode get(String path) throws IOException, InterruptedException {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(baseUrl + path))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
      return JSON.readTree(r.body());
    }

    JsonNode query(String promql) throws IOException, InterruptedException {
      return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8))
          .path("data")
          .path("result");
    }

    /** The value of a query that yields one sample; NaN when it yields none. */
    double scalar(String promql) throws IOException, InterruptedException {
      JsonNode result = query(promql);
      return result.isEmpty() ? Double.NaN : result.get(0).path("value").get(1).asDouble();
    }

    /** {@code up} of each scraped target, by its {@code node} label. */
    Map<String, Double> upByNode() throws IOException, InterruptedException {
      Map<String, Double> up = new HashMap<>();
      for (JsonNode s : query("up{job=\"lattice\"}")) {
        up.put(s.path("metric").path("node").asText(), s.path("value").get(1).asDouble());
      }
      return up;
    }

    /** The state of an alert for one node ("pending", "firing"), or "inactive". */
    String alertState(String alert, String node) throws IOException, InterruptedException {
      for (JsonNode a : get("/api/v1/alerts").path("data").path("alerts")) {
        if (a.path("labels").path("alertname").asText().equals(alert)
            && a.path("labels").path("node").asText().equals(node)) {
          return a.path("state").asText();
        }
      }
      return "inactive";
    }
  }
}
