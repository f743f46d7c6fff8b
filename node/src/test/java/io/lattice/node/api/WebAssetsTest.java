package io.lattice.node.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The web UI served by the API node: files, client routes, traversal, headers, API errors. */
class WebAssetsTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;
  private Path root;
  private ApiServer server;
  private String base;

  @BeforeEach
  void start() throws Exception {
    root = Files.createDirectories(dir.resolve("dist"));
    Files.writeString(root.resolve("index.html"), "<!doctype html><title>Lattice</title>");
    Files.createDirectories(root.resolve("assets"));
    Files.writeString(root.resolve("assets/app-1234.js"), "console.log('ui')");
    Files.writeString(root.resolve("assets/app-1234.css"), "body{}");
    Files.writeString(dir.resolve("secret.txt"), "outside the root");
    Files.createSymbolicLink(root.resolve("link.txt"), dir.resolve("secret.txt"));
    System.setProperty(WebAssets.ROOT_PROPERTY, root.toString());
    System.setProperty(WebAssets.APIS_PROPERTY, "http://127.0.0.1:18545, http://127.0.0.1:18546");
    try {
      server = ApiServer.start(new TestChain("test-chain-1"), ApiOptions.loopback());
    } finally {
      System.clearProperty(WebAssets.ROOT_PROPERTY);
      System.clearProperty(WebAssets.APIS_PROPERTY);
    }
    base = "http://127.0.0.1:" + server.port();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The raw answer to a request line sent as is (no client-side normalization of the path). */
  private String raw(String target) throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      s.getOutputStream()
          .write(
              ("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void servesIndexAndAssetsWithTheirTypesAndSecurityHeaders() throws Exception {
    HttpResponse<String> index = get("/");
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.body()).contains("<title>Lattice</title>");
    assertThat(index.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    String csp = index.headers().firstValue("Content-Security-Policy").orElseThrow();
    assertThat(csp)
        .contains("default-src 'self'")
        .contains("script-src 'self'")
        .contains("frame-ancestors 'none'")
        .contains(
            "connect-src 'self' http://127.0.0.1:18545 ws://127.0.0.1:18545"
                + " http://127.0.0.1:18546 ws://127.0.0.1:18546;");
    assertThat(csp).doesNotContain("unsafe-inline").doesNotContain("*");
    assertThat(index.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(index.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");

    HttpResponse<String> js = get("/assets/app-1234.js");
    assertThat(js.statusCode()).isEqualTo(200);
    assertThat(js.body()).isEqualTo("console.log('ui')");
    assertThat(js.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
    assertThat(js.headers().firstValue("Cache-Control"))
        .hasValueSatisfying(c -> assertThat(c).contains("immutable"));
    assertThat(get("/assets/app-1234.css").headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));
  }

  @Test
  void clientRoutesGetIndexHtmlOtherUnknownPathsStayJson404() throws Exception {
    for (String route : List.of("/wallet", "/chat", "/network", "/explorer/currency/block/5")) {
      HttpResponse<String> r = get(route);
      assertThat(r.statusCode()).as(route).isEqualTo(200);
      assertThat(r.body()).as(route).contains("<title>Lattice</title>");
    }
    for (String path : List.of("/nope", "/v1/nope", "/v1", "/assets/missing.js", "/health/x")) {
      HttpResponse<String> r = get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(404);
      JsonNode body = JsonViews.MAPPER.readTree(r.body());
      assertThat(body.get("code").asInt()).isEqualTo(404);
      assertThat(body.get("message").asText()).contains(path);
      assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(r.headers().firstValue("Content-Security-Policy"))
          .hasValue("default-src 'none'; frame-ancestors 'none'");
    }
  }

  @Test
  void apiRoutesStillAnswerFirst() throws Exception {
    HttpResponse<String> status = get("/v1/status");
    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(JsonViews.MAPPER.readTree(status.body()).get("chain_id").asText())
        .isEqualTo("test-chain-1");
    HttpResponse<String> bad = get("/v1/blocks/zz");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(JsonViews.MAPPER.readTree(bad.body()).get("code").asInt()).isEqualTo(400);
  }

  @Test
  void corsOnlyForTheConfiguredOrigins() throws Exception {
    HttpResponse<String> allowed =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/v1/status"))
                .header("Origin", "http://127.0.0.1:18545")
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin"))
        .hasValue("http://127.0.0.1:18545");
    HttpResponse<String> other =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/v1/status"))
                .header("Origin", "http://evil.example")
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(other.statusCode()).isEqualTo(200);
    assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

    HttpResponse<String> preflight =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/v1/txs"))
                .header("Origin", "http://127.0.0.1:18546")
                .header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods"))
        .hasValue("GET, POST");
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
        .hasValue("http://127.0.0.1:18546");
    HttpResponse<String> refused =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/v1/txs"))
                .header("Origin", "http://evil.example")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(JsonViews.MAPPER.readTree(refused.body()).get("code").asInt()).isEqualTo(403);
  }

  @Test
  void publishesTheApisTheUiMayCall() throws Exception {
    HttpResponse<String> r = get(WebAssets.CONFIG_PATH);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(JsonViews.MAPPER.readTree(r.body()).get("apis").toString())
        .isEqualTo("[\"http://127.0.0.1:18545\",\"http://127.0.0.1:18546\"]");
  }

  @Test
  void neverServesFilesOutsideItsRoot() throws Exception {
    for (String target :
        List.of(
            "/../secret.txt",
            "/assets/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/assets/%2e%2e/%2e%2e/secret.txt",
            "/..%2fsecret.txt",
            "/%2e%2e%2fsecret.txt",
            "/assets/..%5c..%5csecret.txt",
            "/link.txt",
            "/wallet/../../secret.txt")) {
      String answer = raw(target);
      assertThat(answer).as(target).doesNotContain("outside the root");
      assertThat(answer).as(target).doesNotStartWith("HTTP/1.1 200");
    }
    assertThat(raw("/assets/app-1234.js")).startsWith("HTTP/1.1 200");
  }

  @Test
  void resolveRefusesDotSegmentsLinksAndDirectories() {
    WebAssets web = WebAssets.of(root, List.of());
    assertThat(web.resolve("/assets/app-1234.js")).isPresent();
    assertThat(web.resolve("/assets")).isEmpty();
    assertThat(web.resolve("/../secret.txt")).isEmpty();
    assertThat(web.resolve("/assets/./app-1234.js")).isEmpty();
    assertThat(web.resolve("/link.txt")).isEmpty();
    assertThat(web.resolve("/a\\..\\secret.txt")).isEmpty();
    assertThat(web.resolve("/index.html\0.js")).isEmpty();
  }

  @Test
  void badConfigurationIsRefusedWithItsCause() {
    assertThatThrownBy(() -> WebAssets.of(dir.resolve("missing"), List.of()))
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> WebAssets.of(dir, List.of()))
        .hasMessageContaining("has no index.html");
    assertThatThrownBy(() -> WebAssets.of(root, List.of("ftp://x")))
        .hasMessageContaining("http:// or https://");
    assertThatThrownBy(() -> WebAssets.of(root, List.of("http://127.0.0.1:8546/v1")))
        .hasMessageContaining("must be an origin");
    assertThat(WebAssets.configuredApis(Optional.of("HTTP://LocalHost:1, https://a.example")))
        .containsExactly("http://localhost:1", "https://a.example");
    assertThat(WebAssets.configuredApis(Optional.empty())).isEqualTo(WebAssets.DEFAULT_APIS);
  }

  @Test
  void withoutABuiltUiTheRootIsTheApisJson404() throws Exception {
    server.close();
    server = ApiServer.start(new TestChain("test-chain-1"), ApiOptions.loopback());
    base = "http://127.0.0.1:" + server.port();
    HttpResponse<String> r = get("/");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(JsonViews.MAPPER.readTree(r.body()).get("code").asInt()).isEqualTo(404);
  }
}
