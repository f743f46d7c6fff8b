package io.lattice.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lattice.common.Clock;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.node.chain.LatticeNode;
import io.lattice.node.chain.LocalNetwork;
import io.lattice.node.config.ConfigFile;
import io.lattice.node.config.HomeInitializer;
import io.lattice.node.config.KeyFile;
import io.lattice.node.config.NodeConfig;
import io.lattice.node.config.NodeHome;
import io.lattice.p2p.NodeId;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metrics and readiness of real nodes: a home as {@code lattice init} makes it, RocksDB. */
class NodeMetricsTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{[^}]*\\})?) (\\S+)$", Pattern.MULTILINE);

  @TempDir Path dir;

  private LatticeNode start(String name, boolean p2p) throws Exception {
    NodeHome home = new NodeHome(dir.resolve(name));
    new HomeInitializer(Clock.system(), new SecureRandom())
        .init(home, "lattice-metrics-1", name, false);
    if (p2p) {
      listenP2p(home, 0, List.of());
    }
    return start(home);
  }

  private static void listenP2p(NodeHome home, int port, List<String> peers) throws Exception {
    NodeConfig config = ConfigFile.read(home.configToml());
    ConfigFile.write(
        home.configToml(),
        config.withP2p(
            new NodeConfig.P2p(Optional.of(new NodeConfig.HostPort("127.0.0.1", port)), peers)));
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static LatticeNode start(NodeHome home) throws Exception {
    return LatticeNode.start(
        home,
        LatticeNode.Options.defaults()
            .withApi(new NodeConfig.HostPort("127.0.0.1", 0))
            .withBlockInterval(Duration.ofMillis(100)));
  }

  private static HttpResponse<String> get(LatticeNode node, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(node.apiUrl().orElseThrow() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(LatticeNode node, String path, String body)
      throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(node.apiUrl().orElseThrow() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Sample name with labels → value, from the Prometheus text format. */
  static Map<String, Double> scrape(LatticeNode node) throws Exception {
    HttpResponse<String> r = get(node, "/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("text/plain"));
    Map<String, Double> out = new HashMap<>();
    Matcher m = SAMPLE.matcher(r.body());
    while (m.find()) {
      out.put(m.group(1), Double.parseDouble(m.group(2)));
    }
    return out;
  }

  private static List<String> reasons(HttpResponse<String> r) throws Exception {
    JsonNode body = JSON.readTree(r.body());
    return JSON.convertValue(
        body.get("reasons"),
        JSON.getTypeFactory().constructCollectionType(List.class, String.class));
  }

  @Test
  void singleNodeReportsChainMempoolJvmAndRocksDbMetricsAndIsReadyAfterABlock() throws Exception {
    try (LatticeNode node = start("solo", false)) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> get(node, "/health/ready").statusCode() == 200);
      assertThat(node.chain().latestHeight()).isPositive();
      assertThat(reasons(get(node, "/health/ready"))).isEmpty();
      assertThat(get(node, "/health/live").statusCode()).isEqualTo(200);

      String to =
          KeyPairs.generate(KeyAlgorithm.ED25519, new SecureRandom())
              .publicKey()
              .address()
              .toString();
      HttpResponse<String> faucet = post(node, "/v1/faucet", "{\"address\":\"" + to + "\"}");
      assertThat(faucet.statusCode()).as(faucet.body()).isEqualTo(200);
      String garbage =
          "{\"tx_bytes\":\"" + Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}) + "\"}";
      assertThat(post(node, "/v1/txs", garbage).statusCode()).isEqualTo(422);
      long txHeight = JSON.readTree(faucet.body()).get("height").asLong();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> scrape(node).getOrDefault("lattice_block_height", 0.0) >= txHeight + 2);

      Map<String, Double> m = scrape(node);
      double height = m.get("lattice_block_height");
      assertThat(height).isGreaterThanOrEqualTo(txHeight + 2);
      assertThat(m.get("lattice_consensus_round")).isGreaterThanOrEqualTo(0);
      assertThat(m.get("lattice_catching_up")).isZero();
      // The listener joins after the engine started: it may miss the first blocks, never more.
      // Blocks keep coming while the meters are read one by one: related meters may differ by one.
      double blocks = m.get("lattice_blocks_committed_total");
      assertThat(blocks).isPositive().isLessThanOrEqualTo(height + 1);
      assertThat(m.get("lattice_block_txs_count")).isCloseTo(blocks, within(1.0));
      assertThat(m.get("lattice_txs_committed_total")).isGreaterThanOrEqualTo(1);
      assertThat(m.get("lattice_block_txs_sum")).isEqualTo(m.get("lattice_txs_committed_total"));
      assertThat(m.get("lattice_block_interval_seconds_count")).isCloseTo(blocks - 1, within(1.0));
      assertThat(m.get("lattice_block_interval_seconds_sum")).isPositive();
      assertThat(m.get("lattice_block_commit_latency_seconds_count")).isPositive();
      assertThat(m).containsKey("lattice_block_interval_seconds_bucket{le=\"+Inf\"}");
      assertThat(m.get("lattice_mempool_size")).isGreaterThanOrEqualTo(0);
      assertThat(m.get("lattice_mempool_bytes")).isGreaterThanOrEqualTo(0);
      assertThat(m.keySet())
          .anySatisfy(k -> assertThat(k).startsWith("lattice_tx_rejected_total{"));
      assertThat(m.get("lattice_rocksdb_estimated_keys")).isPositive();
      assertThat(m.get("lattice_rocksdb_memtables_bytes")).isPositive();
      assertThat(m).containsKey("lattice_rocksdb_live_data_bytes");
      assertThat(m.keySet())
          .noneSatisfy(k -> assertThat(k).startsWith("lattice_p2p_"))
          .anySatisfy(k -> assertThat(k).startsWith("jvm_memory_used_bytes{"))
          .anySatisfy(k -> assertThat(k).startsWith("jvm_gc_"));
      assertThat(m.get("jvm_threads_live_threads")).isPositive();
      assertThat(m.get("system_cpu_count")).isPositive();
      assertThat(m.get("process_uptime_seconds")).isPositive();
    }
  }

  @Test
  void nodeWithP2pButNoPeersIsNotReadyAndReportsPeerMetrics() throws Exception {
    try (LatticeNode node = start("lonely", true)) {
      assertThat(node.peers()).isPresent();
      HttpResponse<String> first = get(node, "/health/ready");
      assertThat(first.statusCode()).isEqualTo(503);
      assertThat(reasons(first)).contains("no peers");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> node.chain().latestHeight() >= 1 && !node.chain().catchingUp());
      HttpResponse<String> later = get(node, "/health/ready");
      assertThat(later.statusCode()).isEqualTo(503);
      assertThat(JSON.readTree(later.body()).get("ready").asBoolean()).isFalse();
      assertThat(reasons(later)).containsExactly("no peers");
      assertThat(get(node, "/health/live").statusCode()).isEqualTo(200);

      Map<String, Double> m = scrape(node);
      assertThat(m.get("lattice_p2p_peers{direction=\"inbound\"}")).isZero();
      assertThat(m.get("lattice_p2p_peers{direction=\"outbound\"}")).isZero();
      assertThat(m.get("lattice_p2p_sent_bytes_total")).isZero();
      assertThat(m.get("lattice_p2p_received_bytes_total")).isZero();
      assertThat(m.get("lattice_p2p_channel_received_bytes_total{channel=\"consensus\"}")).isZero();
      assertThat(m.get("lattice_p2p_channel_received_messages_total{channel=\"block-sync\"}"))
          .isZero();
    }
  }

  @Test
  void validatorBecomesReadyWhenAFullNodeConnectsAndBothCountTraffic() throws Exception {
    List<NodeHome> homes = LocalNetwork.init(dir.resolve("net"), 1, 1, "lattice-metrics-2");
    int validatorPort = freePort();
    String validatorAddress =
        NodeId.of(KeyFile.read(homes.get(0).nodeKey()).publicKey()).hex()
            + "@127.0.0.1:"
            + validatorPort;
    listenP2p(homes.get(0), validatorPort, List.of());
    listenP2p(homes.get(1), 0, List.of(validatorAddress));
    try (LatticeNode validator = start(homes.get(0))) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> reasons(get(validator, "/health/ready")).equals(List.of("no peers")));
      try (LatticeNode full = start(homes.get(1))) {
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() ->
                get(validator, "/health/ready").statusCode() == 200
                    && get(full, "/health/ready").statusCode() == 200);
        assertThat(reasons(get(full, "/health/ready"))).isEmpty();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() ->
                scrape(full)
                        .getOrDefault(
                            "lattice_p2p_channel_received_messages_total{channel=\"consensus\"}",
                            0.0)
                    > 0);
        Map<String, Double> v = scrape(validator);
        assertThat(
                v.get("lattice_p2p_peers{direction=\"inbound\"}")
                    + v.get("lattice_p2p_peers{direction=\"outbound\"}"))
            .isEqualTo(1);
        assertThat(v.get("lattice_p2p_sent_bytes_total")).isPositive();
        assertThat(v.get("lattice_p2p_received_bytes_total")).isPositive();
        assertThat(v.get("lattice_p2p_channel_sent_messages_total{channel=\"consensus\"}"))
            .as("the validator's votes and proposals queued to its one peer")
            .isPositive();
        assertThat(v.get("lattice_p2p_channel_sent_bytes_total{channel=\"consensus\"}"))
            .isPositive();
        Map<String, Double> f = scrape(full);
        assertThat(f.get("lattice_p2p_peers{direction=\"outbound\"}")).isEqualTo(1);
        assertThat(f.get("lattice_p2p_received_bytes_total"))
            .isGreaterThanOrEqualTo(
                f.get("lattice_p2p_channel_received_bytes_total{channel=\"consensus\"}"));
        assertThat(f.get("lattice_block_height")).isPositive();
      }
    }
  }
}
