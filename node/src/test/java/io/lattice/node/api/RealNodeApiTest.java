package io.lattice.node.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lattice.common.Clock;
import io.lattice.common.Hex;
import io.lattice.consensus.block.BlockHashes;
import io.lattice.consensus.light.LightOptions;
import io.lattice.consensus.light.LightVerification;
import io.lattice.consensus.light.LightVerifier;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.crypto.keyring.Backend;
import io.lattice.crypto.keyring.Keyring;
import io.lattice.crypto.keyring.PassphraseSource;
import io.lattice.node.chain.LatticeNode;
import io.lattice.node.config.HomeInitializer;
import io.lattice.node.config.NodeConfig;
import io.lattice.node.config.NodeHome;
import io.lattice.proto.bank.v1.MsgSend;
import io.lattice.proto.consensus.v1.LightBlock;
import io.lattice.proto.consensus.v1.SignedHeader;
import io.lattice.proto.tx.v1.Coin;
import io.lattice.proto.types.v1.ValidatorSet;
import io.lattice.runtime.tx.TxBuilder;
import io.lattice.storage.state.StateProof;
import io.lattice.storage.state.StateProofVerifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API over the real node: a home made as {@code lattice init} makes it, RocksDB, consensus. */
class RealNodeApiTest {
  static final String CHAIN_ID = "lattice-apitest-1";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path dir;
  static NodeHome home;
  static LatticeNode node;
  static String base;

  @BeforeAll
  static void start() throws Exception {
    home = new NodeHome(dir.resolve("home"));
    new HomeInitializer(Clock.system(), new SecureRandom()).init(home, CHAIN_ID, "apitest", false);
    node =
        LatticeNode.start(
            home,
            LatticeNode.Options.defaults()
                .withApi(new NodeConfig.HostPort("127.0.0.1", 0))
                .withBlockInterval(Duration.ofMillis(200)));
    base = "http://127.0.0.1:" + node.apiPort().orElseThrow();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> get("/v1/status").body().path("latest_block_height").asLong() >= 1);
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  record Reply(int status, JsonNode body, HttpResponse<String> raw) {}

  static Reply get(String path) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
  }

  static Reply post(String path, String body) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  static Reply send(HttpRequest request) throws Exception {
    HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), JsonViews.MAPPER.readTree(r.body()), r);
  }

  static PrivateKeySigner faucetKey() throws Exception {
    return Keyring.open(home.root(), Backend.TEST, PassphraseSource.none())
        .signer(HomeInitializer.FAUCET_KEY_NAME);
  }

  static Coin ulat(long amount) {
    return Coin.newBuilder()
        .setDenom(HomeInitializer.DENOM)
        .setAmount(Long.toString(amount))
        .build();
  }

  @Test
  void statusAndValidatorsDescribeTheChain() throws Exception {
    Reply status = get("/v1/status");
    assertThat(status.status()).isEqualTo(200);
    assertThat(status.body().get("chain_id").asText()).isEqualTo(CHAIN_ID);
    assertThat(status.body().get("latest_block_hash").asText()).hasSize(64);
    assertThat(status.body().get("catching_up").asBoolean()).isFalse();
    long height = status.body().get("latest_block_height").asLong();
    Reply block = get("/v1/blocks/" + height);
    assertThat(block.status()).isEqualTo(200);
    assertThat(block.body().get("header").get("chain_id").asText()).isEqualTo(CHAIN_ID);
    assertThat(get("/v1/blocks/" + (height + 1000)).status()).isEqualTo(404);
    Reply validators = get("/v1/validators");
    assertThat(validators.body().get("validators")).hasSize(1);
  }

  @Test
  void signedTransferIsCommittedAndQueryable() throws Exception {
    PrivateKeySigner faucet = faucetKey();
    String from = faucet.publicKey().address().toString();
    String to =
        KeyPairs.generate(KeyAlgorithm.ED25519, new SecureRandom())
            .publicKey()
            .address()
            .toString();
    JsonNode account = get("/v1/accounts/" + from).body();
    byte[] tx =
        TxBuilder.forChain(CHAIN_ID)
            .addMessage(
                MsgSend.newBuilder()
                    .setFromAddress(from)
                    .setToAddress(to)
                    .addAmount(ulat(12_345))
                    .build())
            .fee(List.of(ulat(2_000)))
            .gasLimit(200_000)
            .signer(
                faucet, account.get("account_number").asLong(), account.get("sequence").asLong())
            .buildBytes();
    String body =
        "{\"tx_bytes\":\"" + Base64.getEncoder().encodeToString(tx) + "\",\"mode\":\"commit\"}";
    Reply committed = post("/v1/txs", body);
    assertThat(committed.status()).as(committed.raw().body()).isEqualTo(200);
    assertThat(committed.body().get("code").asInt()).as(committed.raw().body()).isZero();
    String hash = Hex.encode(TxBuilder.hash(tx));
    assertThat(committed.body().get("txhash").asText()).isEqualTo(hash);
    long height = committed.body().get("height").asLong();

    Reply byHash = get("/v1/txs/" + hash);
    assertThat(byHash.status()).isEqualTo(200);
    assertThat(byHash.body().get("height").asLong()).isEqualTo(height);
    JsonNode msg = byHash.body().get("tx").get("messages").get(0);
    assertThat(msg.get("to_address").asText()).isEqualTo(to);
    assertThat(msg.get("amount").get(0).get("amount").asText()).isEqualTo("12345");

    Reply recipient = get("/v1/accounts/" + to);
    assertThat(recipient.status()).isEqualTo(200);
    assertThat(recipient.body().get("balances").get(0).get("amount").asText()).isEqualTo("12345");
    assertThat(get("/v1/accounts/" + to + "/txs").body().get("txs").get(0).get("hash").asText())
        .isEqualTo(hash);
    assertThat(get("/v1/blocks/" + height).body().get("txs").toString()).contains(hash);

    Reply replay = post("/v1/txs", body);
    assertThat(replay.status()).isEqualTo(422);
    assertThat(replay.body().get("message").asText())
        .startsWith("transaction rejected: ")
        .hasSizeGreaterThan(22);
  }

  @Test
  void faucetServesOnceThenRateLimits() throws Exception {
    String to =
        KeyPairs.generate(KeyAlgorithm.ED25519, new SecureRandom())
            .publicKey()
            .address()
            .toString();
    String body = "{\"address\":\"" + to + "\"}";
    Reply first = post("/v1/faucet", body);
    assertThat(first.status()).as(first.raw().body()).isEqualTo(200);
    String hash = first.body().get("txhash").asText();
    assertThat(get("/v1/txs/" + hash).body().get("code").asInt()).isZero();
    assertThat(get("/v1/accounts/" + to).body().get("balances").get(0).get("amount").asText())
        .isEqualTo(first.body().get("amount").get(0).get("amount").asText());

    Reply second = post("/v1/faucet", body);
    assertThat(second.status()).isEqualTo(429);
    assertThat(second.body().get("code").asInt()).isEqualTo(429);
    assertThat(second.raw().headers().firstValue("Retry-After")).isPresent();
  }

  @Test
  void webSocketReceivesCommittedBlocks() throws Exception {
    LinkedBlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    WebSocket ws =
        HTTP.newWebSocketBuilder()
            .buildAsync(
                URI.create(base.replace("http://", "ws://") + "/v1/events"),
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
      ws.sendText("{\"subscribe\":\"blocks\"}", true).get(5, TimeUnit.SECONDS);
      assertThat(received.poll(10, TimeUnit.SECONDS).get("type").asText()).isEqualTo("subscribed");
      JsonNode block = received.poll(30, TimeUnit.SECONDS);
      assertThat(block).isNotNull();
      assertThat(block.get("type").asText()).isEqualTo("block");
      assertThat(block.get("block").get("header").get("chain_id").asText()).isEqualTo(CHAIN_ID);

      String watched =
          KeyPairs.generate(KeyAlgorithm.ED25519, new SecureRandom())
              .publicKey()
              .address()
              .toString();
      ws.sendText("{\"subscribe\":\"account\",\"address\":\"" + watched + "\"}", true)
          .get(5, TimeUnit.SECONDS);
      Reply faucet = post("/v1/faucet", "{\"address\":\"" + watched + "\"}");
      assertThat(faucet.status()).as(faucet.raw().body()).isEqualTo(200);
      JsonNode tx = null;
      for (int i = 0; i < 100 && tx == null; i++) {
        JsonNode m = received.poll(30, TimeUnit.SECONDS);
        assertThat(m).as("a message within 30 s").isNotNull();
        if (m.get("type").asText().equals("tx")) {
          tx = m.get("tx");
        }
      }
      assertThat(tx).isNotNull();
      assertThat(tx.get("hash").asText()).isEqualTo(faucet.body().get("txhash").asText());
      assertThat(tx.get("tx").get("messages").get(0).get("to_address").asText()).isEqualTo(watched);
    } finally {
      ws.abort();
    }
  }

  @Test
  void stateProofOfABalanceVerifiesOffline() throws Exception {
    String faucet = faucetKey().publicKey().address().toString();
    byte[] key =
        concat(
            "bank/".getBytes(StandardCharsets.US_ASCII),
            new byte[] {1, (byte) faucet.length()},
            faucet.getBytes(StandardCharsets.US_ASCII),
            new byte[] {(byte) HomeInitializer.DENOM.length()},
            HomeInitializer.DENOM.getBytes(StandardCharsets.US_ASCII));
    Reply reply = get("/v1/state/proof?key=" + Hex.encode(key));
    assertThat(reply.status()).as(reply.raw().body()).isEqualTo(200);
    JsonNode p = reply.body();
    assertThat(p.get("exists").asBoolean()).isTrue();
    byte[] root = Hex.decode(p.get("root").asText());
    byte[] value = Base64.getDecoder().decode(p.get("value").asText());
    StateProof proof = StateProof.decode(Base64.getDecoder().decode(p.get("proof").asText()));
    assertThat(new String(value, StandardCharsets.US_ASCII)).matches("[0-9]+");
    assertThat(StateProofVerifier.failure(root, key, Optional.of(value), proof)).isEmpty();
    assertThat(
            StateProofVerifier.verify(
                root, key, Optional.of("1".getBytes(StandardCharsets.US_ASCII)), proof))
        .isFalse();
    assertThat(StateProofVerifier.verify(root, key, Optional.empty(), proof)).isFalse();
    long next = p.get("height").asLong() + 1;
    await().atMost(Duration.ofSeconds(30)).until(() -> get("/v1/blocks/" + next).status() == 200);
    assertThat(get("/v1/blocks/" + next).body().get("header").get("app_hash").asText())
        .as("the proof's root is the app hash committed in the next header")
        .isEqualTo(p.get("root").asText());

    byte[] absent = concat(key, new byte[] {'x'});
    JsonNode none = get("/v1/state/proof?key=" + Hex.encode(absent)).body();
    assertThat(none.get("exists").asBoolean()).isFalse();
    assertThat(
            StateProofVerifier.verify(
                Hex.decode(none.get("root").asText()),
                absent,
                Optional.empty(),
                StateProof.decode(Base64.getDecoder().decode(none.get("proof").asText()))))
        .isTrue();
    assertThat(get("/v1/state/proof?key=xyz").status()).isEqualTo(400);
  }

  @Test
  void moduleQueriesAnswerWithTheHeightTheyReadAt() throws Exception {
    String faucet = faucetKey().publicKey().address().toString();
    Reply balances = get("/v1/query/bank/balances?address=" + faucet);
    assertThat(balances.status()).as(balances.raw().body()).isEqualTo(200);
    long height = balances.body().get("height").asLong();
    assertThat(height).isPositive();
    assertThat(balances.body().get("result").get(0).get("denom").asText())
        .isEqualTo(HomeInitializer.DENOM);

    Reply pinned = get("/v1/query/bank/balances?address=" + faucet + "&height=1");
    assertThat(pinned.status()).as(pinned.raw().body()).isEqualTo(200);
    assertThat(pinned.body().get("height").asLong()).isEqualTo(1);

    Reply supply = post("/v1/query/bank/supply", "{\"denom\":\"" + HomeInitializer.DENOM + "\"}");
    assertThat(supply.status()).as(supply.raw().body()).isEqualTo(200);
    assertThat(supply.body().get("result").get("amount").asText()).matches("[1-9][0-9]*");
    Reply supplyAtOne =
        post("/v1/query/bank/supply?height=1", "{\"denom\":\"" + HomeInitializer.DENOM + "\"}");
    assertThat(supplyAtOne.body().get("height").asLong()).isEqualTo(1);
  }

  @Test
  void aliasesAnswerForTheModulesTheChainRuns() throws Exception {
    // the test chain runs the currency chain's application: gov and xchain, no counterparty
    Reply client = get("/v1/xchain/client");
    assertThat(client.status()).as(client.raw().body()).isEqualTo(200);
    assertThat(client.body().get("result").get("configured").asBoolean()).isFalse();
    assertThat(client.body().get("height").asLong()).isPositive();
    Reply proposals = get("/v1/gov/proposals?height=1");
    assertThat(proposals.status()).as(proposals.raw().body()).isEqualTo(200);
    assertThat(proposals.body().get("height").asLong()).isEqualTo(1);
    assertThat(proposals.body().get("result").isArray()).isTrue();
    Reply packets = get("/v1/xchain/packets?pending=true");
    assertThat(packets.status()).as(packets.raw().body()).isEqualTo(200);
    assertThat(packets.body().get("result").get("packets")).isEmpty();
    assertError(get("/v1/xchain/ops/" + CHAIN_ID + "/7"), 404, "no operation");
    assertError(get("/v1/gov/proposals/x"), 400, "id");
  }

  @Test
  void moduleQueriesRefuseBadInputWithJsonErrors() throws Exception {
    assertError(
        get("/v1/query/nosuch/anything"),
        404,
        "module nosuch is not on this chain (chain id " + CHAIN_ID + ")");
    assertError(get("/v1/query/bank/nosuch"), 404, "module bank has no query 'nosuch'");
    assertError(get("/v1/query/bank/balances"), 400, "address");
    assertError(get("/v1/query/bank/balances?address=lat1x&height=abc"), 400, "height");
    assertError(get("/v1/query/bank/balances?address=lat1x&height=99999999"), 404, "latest");
    assertError(get("/v1/query/bank/balances?address=a&address=b"), 400, "address: given 2 times");
    assertError(get("/v1/query/Bank!/balances"), 400, "module:");
    assertError(post("/v1/query/bank/supply", "{\"denom\":"), 400, "malformed JSON");
    assertError(post("/v1/query/bank/supply", "[1]"), 400, "JSON object");
    assertError(post("/v1/query/bank/supply", ""), 400, "empty");
    assertError(
        get("/v1/identity/alice"),
        404,
        "module identity is not on this chain (chain id " + CHAIN_ID + ")");
    // the test chain runs the currency chain's application: no chat modules
    assertError(get("/v1/channels/general/posts?since=1"), 404, "module channels is not on");
    assertError(get("/v1/messaging/conversation?a=x&b=y"), 404, "module messaging is not on");
  }

  @Test
  void lightBlocksVerifyWithTheLightClient() throws Exception {
    long latest = get("/v1/status").body().get("latest_block_height").asLong();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> get("/v1/status").body().get("latest_block_height").asLong() >= latest + 3);
    Reply first = get("/v1/light/1");
    assertThat(first.status()).as(first.raw().body()).isEqualTo(200);
    LightBlock one = lightBlock(first.body());
    LightBlock two = lightBlock(get("/v1/light/2").body());
    Reply last = get("/v1/light/latest");
    LightBlock far = lightBlock(last.body());
    assertThat(far.getSignedHeader().getHeader().getHeight()).isGreaterThan(3);

    LightOptions options = LightOptions.of(Duration.ofDays(14), Duration.ofSeconds(10));
    Instant now = Instant.now();
    assertThat(LightVerifier.verify(one, two, now, options))
        .isInstanceOf(LightVerification.Verified.class);
    assertThat(LightVerifier.verify(one, far, now, options))
        .isInstanceOf(LightVerification.Verified.class);

    JsonNode body = first.body();
    assertThat(body.get("chain_id").asText()).isEqualTo(CHAIN_ID);
    assertThat(body.get("height").asLong()).isEqualTo(1);
    assertThat(body.get("hash").asText())
        .isEqualTo(Hex.encode(BlockHashes.header(one.getSignedHeader().getHeader())))
        .isEqualTo(get("/v1/blocks/1").body().get("hash").asText());
    assertThat(body.get("header").get("app_hash").asText())
        .isEqualTo(Hex.encode(one.getSignedHeader().getHeader().getAppHash().toByteArray()));
    assertThat(body.get("commit").get("signatures")).hasSize(1);
    assertThat(body.get("validator_set").get("hash").asText())
        .isEqualTo(body.get("header").get("validators_hash").asText());
    assertThat(body.get("validator_set").get("total_voting_power").asLong()).isPositive();
    ValidatorSet next =
        ValidatorSet.parseFrom(
            Base64.getDecoder().decode(body.get("encoded").get("next_validator_set").asText()));
    assertThat(Hex.encode(BlockHashes.validators(next)))
        .isEqualTo(body.get("header").get("next_validators_hash").asText())
        .isEqualTo(body.get("next_validator_set").get("hash").asText());
    SignedHeader signed =
        SignedHeader.parseFrom(
            Base64.getDecoder().decode(body.get("encoded").get("signed_header").asText()));
    assertThat(signed).isEqualTo(one.getSignedHeader());

    LightBlock forged =
        two.toBuilder()
            .setSignedHeader(
                two.getSignedHeader().toBuilder()
                    .setHeader(
                        two.getSignedHeader().getHeader().toBuilder()
                            .setAppHash(com.google.protobuf.ByteString.copyFrom(new byte[32]))))
            .build();
    assertThat(LightVerifier.verify(one, forged, now, options))
        .isInstanceOf(LightVerification.Failed.class);

    assertError(get("/v1/light/0"), 400, "height");
    assertError(get("/v1/light/abc"), 400, "height");
    assertError(get("/v1/light/-1"), 400, "height");
    assertError(get("/v1/light/99999999"), 404, "latest height");
  }

  static LightBlock lightBlock(JsonNode body) throws Exception {
    return LightBlock.parseFrom(
        Base64.getDecoder().decode(body.get("encoded").get("light_block").asText()));
  }

  static void assertError(Reply reply, int status, String messagePart) {
    assertThat(reply.status()).as(reply.raw().body()).isEqualTo(status);
    assertThat(reply.body().get("code").asInt()).isEqualTo(status);
    assertThat(reply.body().get("message").asText()).contains(messagePart);
    assertThat(reply.raw().headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
  }

  static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
