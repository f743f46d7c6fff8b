package io.lattice.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lattice.consensus.app.CheckTxResult;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code /metrics}, {@code /health/live} and {@code /health/ready} over the {@link TestChain}. */
class OperatorRoutesTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final TestChain chain = new TestChain("test-chain-1");
  private ApiServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
    return JsonViews.MAPPER.readTree(r.body());
  }

  private static List<String> reasons(JsonNode body) {
    return JsonViews.MAPPER.convertValue(
        body.get("reasons"),
        JsonViews.MAPPER.getTypeFactory().constructCollectionType(List.class, String.class));
  }

  @Test
  void readinessFollowsHeightAndCatchingUp() throws Exception {
    server = ApiServer.start(chain, ApiOptions.loopback());
    HttpResponse<String> live = get("/health/live");
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(json(live).get("live").asBoolean()).isTrue();

    HttpResponse<String> fresh = get("/health/ready");
    assertThat(fresh.statusCode()).isEqualTo(503);
    assertThat(json(fresh).get("ready").asBoolean()).isFalse();
    assertThat(reasons(json(fresh))).containsExactly(Readiness.NO_BLOCK);

    chain.commitBlock();
    HttpResponse<String> ready = get("/health/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(json(ready).get("ready").asBoolean()).isTrue();
    assertThat(reasons(json(ready))).isEmpty();

    chain.catchingUp = true;
    HttpResponse<String> syncing = get("/health/ready");
    assertThat(syncing.statusCode()).isEqualTo(503);
    assertThat(reasons(json(syncing))).containsExactly(Readiness.CATCHING_UP);
    assertThat(get("/health/live").statusCode()).isEqualTo(200);
  }

  @Test
  void readinessNeedsAPeerWhenThereIsP2p() throws Exception {
    AtomicInteger peers = new AtomicInteger();
    AtomicBoolean closed = new AtomicBoolean();
    Observability observability =
        new Observability(
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            () -> Readiness.reasons(chain, OptionalInt.of(peers.get())),
            () -> closed.set(true));
    server = ApiServer.start(chain, ApiOptions.loopback(), observability);
    chain.catchingUp = true;
    HttpResponse<String> none = get("/health/ready");
    assertThat(none.statusCode()).isEqualTo(503);
    assertThat(reasons(json(none)))
        .containsExactly(Readiness.NO_BLOCK, Readiness.CATCHING_UP, Readiness.NO_PEERS);
    assertThat(none.body()).contains("\"reasons\":[\"no block committed yet\"");

    chain.commitBlock();
    chain.catchingUp = false;
    assertThat(reasons(json(get("/health/ready")))).containsExactly(Readiness.NO_PEERS);
    peers.set(1);
    assertThat(get("/health/ready").statusCode()).isEqualTo(200);

    server.close();
    server = null;
    assertThat(closed).as("the server closes its observability").isTrue();
  }

  @Test
  void metricsCountRejectedTransactionsByCodespaceAndCode() throws Exception {
    server = ApiServer.start(chain, ApiOptions.loopback());
    chain.checker = tx -> CheckTxResult.rejected(4, "auth", "sequence mismatch");
    String body =
        "{\"tx_bytes\":\""
            + Base64.getEncoder().encodeToString(new byte[] {1, 2, 3})
            + "\",\"mode\":\"sync\"}";
    assertThat(post("/v1/txs", body).statusCode()).isEqualTo(422);
    assertThat(post("/v1/txs", body).statusCode()).isEqualTo(422);
    chain.checker = tx -> CheckTxResult.rejected(20, "mempool", "mempool is full");
    assertThat(post("/v1/txs", body).statusCode()).isEqualTo(503);

    HttpResponse<String> metrics = get("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("text/plain"));
    assertThat(metrics.body())
        .contains("# TYPE lattice_tx_rejected_total counter")
        .contains("lattice_tx_rejected_total{code=\"4\",codespace=\"auth\"} 2.0")
        .contains("lattice_tx_rejected_total{code=\"20\",codespace=\"mempool\"} 1.0");
  }

  @Test
  void unknownRoutesStayJsonBesideTheOperatorRoutes() throws Exception {
    server = ApiServer.start(chain, new ApiOptions("127.0.0.1", 0, Optional.empty()));
    HttpResponse<String> r = get("/health/unknown");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(json(r).get("code").asInt()).isEqualTo(404);
    HttpResponse<String> post = post("/health/ready", "{}");
    assertThat(post.statusCode()).isIn(404, 405);
    assertThat(json(post).get("code").asInt()).isEqualTo(post.statusCode());
  }
}
