package io.lattice.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.HandlerType;
import io.lattice.common.Hex;
import io.lattice.consensus.app.CheckTxResult;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.node.api.ChainView.AccountView;
import io.lattice.proto.bank.v1.MsgSend;
import io.lattice.runtime.mempool.Mempool;
import io.lattice.runtime.tx.TxBuilder;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HTTP edge cases of the API against the {@link TestChain} double. */
class ApiServerTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final PrivateKeySigner faucetKey = key(1);
  private final PrivateKeySigner alice = key(2);
  private final String aliceAddress = alice.publicKey().address().toString();
  private final String faucetAddress = faucetKey.publicKey().address().toString();
  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
  private TestChain chain;
  private ApiServer server;
  private String base;

  static PrivateKeySigner key(int seed) {
    byte[] priv = new byte[32];
    Arrays.fill(priv, (byte) seed);
    try {
      return KeyPairs.fromPrivateKey(KeyAlgorithm.ED25519, priv);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @BeforeEach
  void start() {
    chain = new TestChain("test-chain-1");
    chain.putAccount(
        new AccountView(
            faucetAddress, 0, 0, Optional.empty(), List.of(TestChain.coin("ulat", "1000000000"))));
    FaucetOptions faucet =
        new FaucetOptions(
            faucetKey,
            "ulat",
            BigInteger.valueOf(1_000_000),
            Duration.ofHours(1),
            BigInteger.valueOf(200),
            200_000);
    server =
        ApiServer.start(
            chain,
            new ApiOptions("127.0.0.1", 0, Optional.of(faucet)),
            Duration.ofMillis(300),
            now::get);
    base = "http://127.0.0.1:" + server.port();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  record Reply(int status, JsonNode body, HttpResponse<String> raw) {}

  Reply get(String path) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
  }

  Reply post(String path, String body) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  static Reply send(HttpRequest request) throws Exception {
    HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
    return new Reply(r.statusCode(), JsonViews.MAPPER.readTree(r.body()), r);
  }

  static void assertError(Reply r, int status, String messagePart) {
    assertThat(r.status()).isEqualTo(status);
    assertThat(r.body().get("code").asInt()).isEqualTo(status);
    assertThat(r.body().get("message").asText()).contains(messagePart);
    assertThat(r.raw().body()).doesNotContain("Exception").doesNotContain("<html");
  }

  byte[] transfer(long sequence) {
    return TxBuilder.forChain(chain.chainId())
        .addMessage(
            MsgSend.newBuilder()
                .setFromAddress(aliceAddress)
                .setToAddress(faucetAddress)
                .addAmount(TestChain.coin("ulat", "5"))
                .build())
        .fee(List.of(TestChain.coin("ulat", "200")))
        .gasLimit(200_000)
        .signer(alice, 7, sequence)
        .buildBytes();
  }

  String submitBody(byte[] tx, String mode) {
    return "{\"tx_bytes\":\""
        + Base64.getEncoder().encodeToString(tx)
        + "\",\"mode\":\""
        + mode
        + "\"}";
  }

  @Test
  void statusReportsChainAndLatestBlock() throws Exception {
    Reply empty = get("/v1/status");
    assertThat(empty.status()).isEqualTo(200);
    assertThat(empty.body().get("latest_block_height").asLong()).isZero();

    ChainView.CommittedBlock b1 = chain.commitBlock();
    Reply r = get("/v1/status");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().get("chain_id").asText()).isEqualTo("test-chain-1");
    assertThat(r.body().get("latest_block_height").isNumber()).isTrue();
    assertThat(r.body().get("latest_block_height").asLong()).isEqualTo(1);
    assertThat(r.body().get("latest_block_hash").asText()).isEqualTo(Hex.encode(b1.hash()));
    assertThat(r.body().get("latest_app_hash").asText())
        .isEqualTo(Hex.encode(b1.block().getHeader().getAppHash().toByteArray()));
    assertThat(r.body().get("catching_up").asBoolean()).isFalse();
    assertThat(r.body().get("node_id").asText()).isEqualTo(chain.nodeId());
  }

  @Test
  void securityHeadersOnEveryResponse() throws Exception {
    for (Reply r : List.of(get("/v1/status"), get("/nope"), get("/v1/blocks/zz"))) {
      assertThat(r.raw().headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(r.raw().headers().firstValue("X-Frame-Options")).hasValue("DENY");
      assertThat(r.raw().headers().firstValue("Cache-Control")).hasValue("no-store");
    }
  }

  @Test
  void unknownRoutesAndMethodsAreJson404() throws Exception {
    assertError(get("/nope"), 404, "not found");
    assertError(get("/v1/blocks"), 404, "not found");
    Reply put =
        send(
            HttpRequest.newBuilder(URI.create(base + "/v1/status"))
                .PUT(HttpRequest.BodyPublishers.ofString("{}"))
                .build());
    assertThat(put.status()).isIn(404, 405);
    assertThat(put.body().get("code").asInt()).isEqualTo(put.status());
  }

  String raw(String request) throws Exception {
    try (java.net.Socket socket =
        new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), server.port())) {
      socket
          .getOutputStream()
          .write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      socket.shutdownOutput();
      return new String(
          socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void malformedHttpGetsJsonFromJettyToo() throws Exception {
    String badLength = raw("POST /v1/txs HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{}");
    assertThat(badLength).startsWith("HTTP/1.1 400").contains("\"code\":400");
    assertThat(badLength).doesNotContain("<html").doesNotContain("Exception");

    String hugeHeader =
        raw("GET /v1/status HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(64_000) + "\r\n\r\n");
    assertThat(hugeHeader).startsWith("HTTP/1.1 431").contains("\"code\":431");
    assertThat(hugeHeader).doesNotContain("<html");
  }

  @Test
  void portInUseIsAClearStartupError() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() ->
            ApiServer.start(chain, new ApiOptions("127.0.0.1", server.port(), Optional.empty())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot start API on 127.0.0.1:" + server.port());
  }

  @Test
  void blocksByHeightAndLatest() throws Exception {
    assertError(get("/v1/blocks/latest"), 404, "no block");
    chain.submit(transfer(0));
    ChainView.CommittedBlock b1 = chain.commitBlock();
    chain.commitBlock();
    Reply one = get("/v1/blocks/1");
    assertThat(one.status()).isEqualTo(200);
    assertThat(one.body().get("hash").asText()).isEqualTo(Hex.encode(b1.hash()));
    assertThat(one.body().get("txs").get(0).asText())
        .isEqualTo(Hex.encode(JsonViews.txHash(transfer(0))));
    assertThat(one.body().get("header").get("chain_id").asText()).isEqualTo("test-chain-1");
    assertThat(get("/v1/blocks/latest").body().get("height").asLong()).isEqualTo(2);
    assertError(get("/v1/blocks/3"), 404, "latest height is 2");
    assertError(get("/v1/blocks/abc"), 400, "height");
    assertError(get("/v1/blocks/-1"), 400, "height");
    assertError(get("/v1/blocks/0"), 400, "height");
    assertError(get("/v1/blocks/99999999999999999999"), 400, "height");
    chain.earliest = 2; // as on a node that restored a snapshot of height 2
    assertError(get("/v1/blocks/1"), 404, "history starts at 2 (it joined by state sync)");
    assertThat(get("/v1/status").body().get("earliest_block_height").asLong()).isEqualTo(2);
  }

  @Test
  void txLookupValidatesHash() throws Exception {
    assertError(get("/v1/txs/xyz"), 400, "hash: invalid hex");
    assertError(get("/v1/txs/abcd"), 400, "32 bytes");
    assertError(get("/v1/txs/" + "00".repeat(32)), 404, "not found");
    byte[] tx = transfer(0);
    chain.submit(tx);
    chain.commitBlock();
    Reply r = get("/v1/txs/" + Hex.encode(JsonViews.txHash(tx)));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().get("height").asLong()).isEqualTo(1);
    assertThat(r.body().get("code").asInt()).isZero();
    assertThat(r.body().get("events").get(0).get("type").asText()).isEqualTo("transfer");
    JsonNode msg = r.body().get("tx").get("messages").get(0);
    assertThat(msg.get("@type").asText()).isEqualTo("/lattice.bank.v1.MsgSend");
    assertThat(msg.get("from_address").asText()).isEqualTo(aliceAddress);
    assertThat(msg.get("amount").get(0).get("amount").asText()).isEqualTo("5");
    assertThat(r.body().get("tx").get("signers").get(0).get("address").asText())
        .isEqualTo(aliceAddress);

    Reply byAccount = get("/v1/accounts/" + aliceAddress + "/txs");
    assertThat(byAccount.body().get("txs")).hasSize(1);
    assertError(get("/v1/accounts/" + aliceAddress + "/txs?limit=0"), 400, "limit");
  }

  @Test
  void submitRejectsMalformedRequests() throws Exception {
    assertError(post("/v1/txs", "{not json"), 400, "malformed JSON");
    assertError(post("/v1/txs", "[1,2]"), 400, "JSON object");
    assertError(post("/v1/txs", "{}"), 400, "tx_bytes");
    assertError(post("/v1/txs", "{\"tx_bytes\":\"!!notbase64\"}"), 400, "tx_bytes: invalid base64");
    assertError(post("/v1/txs", "{\"tx_bytes\":\"AAAA\",\"mode\":\"async\"}"), 400, "mode");
    assertThat(chain.mempoolSize()).isZero();
  }

  @Test
  void oversizeBodyIs413() throws Exception {
    String big = "{\"tx_bytes\":\"" + "A".repeat(ApiServer.MAX_BODY_BYTES + 10) + "\"}";
    // As a well-behaved client of a large upload does, ask before sending the body: the server
    // refuses on Content-Length alone. Without it, the server's early 413 races the client still
    // writing the body, and the connection can be reset before the client reads the answer.
    Reply r =
        send(
            HttpRequest.newBuilder(URI.create(base + "/v1/txs"))
                .header("Content-Type", "application/json")
                .expectContinue(true)
                .POST(HttpRequest.BodyPublishers.ofString(big))
                .build());
    assertError(r, 413, "limit");
    assertThat(chain.mempoolSize()).isZero();
  }

  @Test
  void checkTxRejectionIs422WithReasonAndFullMempoolIs503() throws Exception {
    chain.checker = tx -> CheckTxResult.rejected(4, "auth", "sequence mismatch: expected 5, got 4");
    assertError(
        post("/v1/txs", submitBody(transfer(4), "sync")),
        422,
        "sequence mismatch: expected 5, got 4");
    chain.checker =
        tx ->
            CheckTxResult.rejected(
                Mempool.CODE_FULL, Mempool.CODESPACE, "mempool is full: 1 txs / 10 bytes");
    assertError(post("/v1/txs", submitBody(transfer(4), "commit")), 503, "mempool is full");
    chain.checker = tx -> new CheckTxResult(0, "", "", 1, "s", 0, 0);
    chain.catchingUp = true;
    assertError(post("/v1/txs", submitBody(transfer(4), "sync")), 503, "catching up");
    assertThat(chain.mempoolSize()).isZero();
  }

  @Test
  void submitSyncAdmitsAndCommitWaitsForInclusion() throws Exception {
    byte[] tx = transfer(0);
    Reply sync = post("/v1/txs", submitBody(tx, "sync"));
    assertThat(sync.status()).isEqualTo(200);
    assertThat(sync.body().get("txhash").asText()).isEqualTo(Hex.encode(JsonViews.txHash(tx)));
    assertThat(sync.body().get("code").asInt()).isZero();
    assertThat(chain.mempoolSize()).isEqualTo(1);

    chain.commitOnSubmit = true;
    byte[] tx2 = transfer(1);
    Reply commit = post("/v1/txs", submitBody(tx2, "commit"));
    assertThat(commit.status()).isEqualTo(200);
    assertThat(commit.body().get("height").asLong()).isEqualTo(1);
    assertThat(commit.body().get("txhash").asText()).isEqualTo(Hex.encode(JsonViews.txHash(tx2)));
  }

  @Test
  void commitTimeoutIs504() throws Exception {
    Reply r = post("/v1/txs", submitBody(transfer(0), "commit"));
    assertError(r, 504, "not committed within");
  }

  @Test
  void accountsValidateAddresses() throws Exception {
    assertError(get("/v1/accounts/cosmos1xyz"), 400, "address");
    assertError(get("/v1/accounts/" + aliceAddress), 404, "not found");
    Reply r = get("/v1/accounts/" + faucetAddress);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().get("balances").get(0).get("amount").asText()).isEqualTo("1000000000");
    assertThat(r.body().get("public_key").isNull()).isTrue();
  }

  @Test
  void stateProofValidatesParameters() throws Exception {
    assertError(get("/v1/state/proof"), 400, "key");
    assertError(get("/v1/state/proof?key=zz"), 400, "key: invalid hex");
    assertError(get("/v1/state/proof?key=00&height=x"), 400, "height");
    assertError(get("/v1/state/proof?key=00&height=5"), 404, "latest height");
    chain.commitBlock();
    Reply r = get("/v1/state/proof?key=0a0b");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().get("key").asText()).isEqualTo("0a0b");
    assertThat(r.body().get("exists").asBoolean()).isFalse();
    assertThat(r.body().get("proof").asText()).isEqualTo("AQID");
  }

  @Test
  void faucetSendsOnceThenRateLimits() throws Exception {
    chain.commitOnSubmit = true;
    assertError(post("/v1/faucet", "{\"address\":\"nope\"}"), 400, "address");
    Reply first = post("/v1/faucet", "{\"address\":\"" + aliceAddress + "\"}");
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.body().get("address").asText()).isEqualTo(aliceAddress);
    JsonNode tx = get("/v1/txs/" + first.body().get("txhash").asText()).body();
    assertThat(tx.get("tx").get("messages").get(0).get("to_address").asText())
        .isEqualTo(aliceAddress);
    assertThat(tx.get("tx").get("messages").get(0).get("amount").get(0).get("amount").asText())
        .isEqualTo("1000000");

    Reply second = post("/v1/faucet", "{\"address\":\"" + aliceAddress + "\"}");
    assertError(second, 429, "try again in 3600s");
    assertThat(second.raw().headers().firstValue("Retry-After")).hasValue("3600");

    now.set(now.get().plus(Duration.ofMinutes(61)));
    assertThat(post("/v1/faucet", "{\"address\":\"" + aliceAddress + "\"}").status())
        .isEqualTo(200);
  }

  @Test
  void openApiDocumentsEveryRegisteredRoute() throws Exception {
    JsonNode doc = get("/v1/openapi.json").body();
    assertThat(doc.get("openapi").asText()).startsWith("3.1");
    JsonNode paths = doc.get("paths");
    var router = server.app().unsafe.internalRouter;
    int checked = 0;
    for (var endpoint : router.allHttpHandlers()) {
      HandlerType method = endpoint.endpoint.method;
      if (!method.isHttpMethod() || endpoint.endpoint.path.equals("*")) {
        continue;
      }
      String path = endpoint.endpoint.path;
      assertThat(paths.has(path)).as("OpenAPI documents %s", path).isTrue();
      assertThat(paths.get(path).has(method.name().toLowerCase(java.util.Locale.ROOT)))
          .as("OpenAPI documents %s %s", method, path)
          .isTrue();
      checked++;
    }
    for (var ws : router.allWsHandlers()) {
      assertThat(paths.has(ws.getPath())).as("OpenAPI documents %s", ws.getPath()).isTrue();
      checked++;
    }
    assertThat(checked).isGreaterThanOrEqualTo(11);
    var registered = new java.util.HashSet<String>();
    router.allHttpHandlers().forEach(e -> registered.add(e.endpoint.path));
    router.allWsHandlers().forEach(e -> registered.add(e.getPath()));
    paths
        .fieldNames()
        .forEachRemaining(
            p -> assertThat(registered).as("documented path %s is served", p).contains(p));
  }

  @Test
  void webSocketPushesBlocksAndAccountTxs() throws Exception {
    LinkedBlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    WebSocket ws =
        HTTP.newWebSocketBuilder()
            .buildAsync(
                URI.create("ws://127.0.0.1:" + server.port() + "/v1/events"),
                new WebSocket.Listener() {
                  final StringBuilder partial = new StringBuilder();

                  @Override
                  public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                    partial.append(data);
                    if (last) {
                      try {
                        received.add(JsonViews.MAPPER.readTree(partial.toString()));
                      } catch (Exception e) {
                        throw new IllegalStateException(e);
                      }
                      partial.setLength(0);
                    }
                    w.request(1);
                    return CompletableFuture.completedFuture(null);
                  }
                })
            .get(10, TimeUnit.SECONDS);
    try {
      ws.sendText("{\"subscribe\":\"nope\"}", true).get(5, TimeUnit.SECONDS);
      JsonNode err = received.poll(10, TimeUnit.SECONDS);
      assertThat(err.get("type").asText()).isEqualTo("error");
      assertThat(err.get("message").asText()).contains("unknown subscription");

      ws.sendText("{\"subscribe\":\"blocks\"}", true).get(5, TimeUnit.SECONDS);
      assertThat(received.poll(10, TimeUnit.SECONDS).get("type").asText()).isEqualTo("subscribed");
      ws.sendText("{\"subscribe\":\"account\",\"address\":\"" + aliceAddress + "\"}", true)
          .get(5, TimeUnit.SECONDS);
      assertThat(received.poll(10, TimeUnit.SECONDS).get("address").asText())
          .isEqualTo(aliceAddress);

      chain.submit(transfer(0));
      chain.commitBlock();
      JsonNode block = received.poll(10, TimeUnit.SECONDS);
      assertThat(block.get("type").asText()).isEqualTo("block");
      assertThat(block.get("block").get("height").asLong()).isEqualTo(1);
      JsonNode tx = received.poll(10, TimeUnit.SECONDS);
      assertThat(tx.get("type").asText()).isEqualTo("tx");
      assertThat(tx.get("tx").get("hash").asText())
          .isEqualTo(Hex.encode(JsonViews.txHash(transfer(0))));
    } finally {
      ws.abort();
    }
  }
}
