package io.lattice.e2e.xchain;

import static io.lattice.e2e.xchain.TwoChainNetwork.log;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.lattice.crypto.Address;
import io.lattice.node.load.AccountFunding;
import io.lattice.node.load.CrossChainLoad;
import io.lattice.node.load.CrossChainResult;
import io.lattice.node.load.NodeRest;
import io.lattice.node.local.LocalCluster;
import io.lattice.proto.messaging.v1.Envelope;
import io.lattice.sdk.ChatChainClient;
import io.lattice.sdk.DirectMessage;
import io.lattice.sdk.Wallet;
import io.lattice.sdk.e2e.DecryptionFailedException;
import io.lattice.sdk.e2e.E2eException;
import io.lattice.sdk.e2e.Payloads;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5 end to end on the two-chain network of {@code lattice up}: a direct message sent through
 * the Java SDK is stored as ciphertext only and opened by its recipient alone; then 1,000 atomic
 * {@code register_user_with_stake} operations while a validator of each chain is SIGKILLed and
 * restarted and the relayer is stopped and restarted, after which every operation is {@code
 * AtomicSuccess} or {@code RolledBack} with the same record on both chains and nothing half-done.
 * {@code -De2e.xchain.ops=N} changes the number of operations.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrossChainE2eTest {
  static final int OPS = Integer.getInteger("e2e.xchain.ops", 1000);
  static final int DUPLICATES = Math.max(1, OPS / 50);
  static final BigInteger STAKE = BigInteger.valueOf(1_000_000L);
  static final BigDecimal GAS_PRICE = new BigDecimal("0.01");
  static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(3))
          .build();

  @TempDir static Path dir;
  static TwoChainNetwork net;

  @BeforeAll
  static void startNetwork() throws Exception {
    net = TwoChainNetwork.start(dir.resolve("net"));
  }

  @AfterAll
  static void stopNetwork() {
    if (net != null) {
      net.close();
    }
  }

  @Test
  @Order(1)
  void aDirectMessageIsStoredAsCiphertextAndOpensForItsRecipientOnly() throws Exception {
    LocalCluster chat = net.chat();
    NodeRest api = TwoChainNetwork.api(chat);
    String chainId = chat.chainId();
    Wallet alice = Wallet.create();
    Wallet bob = Wallet.create();
    Wallet eve = Wallet.create();
    AccountFunding.fund(
        api,
        chainId,
        TwoChainNetwork.faucet(chat),
        List.of(alice.address(), bob.address(), eve.address()),
        BigInteger.valueOf(50_000_000L),
        GAS_PRICE,
        TwoChainNetwork::log);
    ChatChainClient client = new ChatChainClient(chat.apiNode().orElseThrow().apiUrl());
    String suffix = CrossChainLoad.randomPrefix();
    String aliceName = "alice_" + suffix;
    String bobName = "bob_" + suffix;
    client.registerUser(alice, aliceName);
    client.registerUser(bob, bobName);
    client.registerUser(eve, "eve_" + suffix);
    String secret = "meet at the old mill at 9, bring the " + suffix + " key";
    client.sendDirectMessage(alice, bobName, secret);

    // What the chain stores, as its query route serves it: no plaintext anywhere in the answer
    Answer raw =
        get(
            api,
            "/v1/query/messaging/conversation",
            Map.of("a", alice.address(), "b", bob.address()));
    assertThat(raw.status()).isEqualTo(200);
    assertThat(raw.body()).doesNotContain(secret).doesNotContain(suffix + " key");
    List<Envelope> stored = client.conversation(alice.address(), bob.address(), 0);
    assertThat(stored).hasSize(1);
    Envelope env = stored.get(0);
    assertThat(env.getSender()).isEqualTo(alice.address());
    assertThat(env.getRecipient()).isEqualTo(bob.address());
    byte[] plain = secret.getBytes(StandardCharsets.UTF_8);
    byte[] ciphertext = env.getPayload().getCiphertext().toByteArray();
    assertThat(ciphertext.length).isGreaterThanOrEqualTo(plain.length);
    assertThat(contains(env.toByteArray(), plain)).isFalse();
    assertThat(contains(env.toByteArray(), "old mill".getBytes(StandardCharsets.UTF_8))).isFalse();
    assertThat(raw.body())
        .contains(Base64.getEncoder().encodeToString(ciphertext))
        .doesNotContain(Base64.getEncoder().encodeToString(plain).substring(0, 16))
        .doesNotContain(HexFormat.of().formatHex(plain).substring(0, 32));

    // the recipient reads it through the SDK
    List<DirectMessage> read = client.readConversation(bob, aliceName, 0);
    assertThat(read).hasSize(1);
    assertThat(read.get(0).text()).contains(secret);

    // a third party cannot: not with its own key as itself, nor claiming to be the recipient,
    // nor with the envelope's key check removed (the AEAD does not authenticate)
    assertThatThrownBy(() ->
            Payloads.open(
                eve.identity(),
                Address.parse(eve.address()),
                env,
                Optional.of(bob.identity().publicKey())))
        .isInstanceOf(E2eException.class);
    assertThatThrownBy(() ->
            Payloads.open(eve.identity(), Address.parse(bob.address()), env, Optional.empty()))
        .isInstanceOf(E2eException.class);
    Envelope unkeyed =
        env.toBuilder()
            .setPayload(env.getPayload().toBuilder().clearRecipientKey().build())
            .build();
    assertThatThrownBy(() ->
            Payloads.open(eve.identity(), Address.parse(bob.address()), unkeyed, Optional.empty()))
        .isInstanceOf(DecryptionFailedException.class);
    List<DirectMessage> evesView = client.readConversation(eve, aliceName, 0);
    assertThat(evesView).isEmpty();
  }

  @Test
  @Order(2)
  void thousandAtomicRegistrationsThroughValidatorKillsAndARelayerStopEndTheSameOnBothChains()
      throws Exception {
    LocalCluster currency = net.currency();
    LocalCluster chat = net.chat();
    NodeRest currencyApi = TwoChainNetwork.api(currency);
    NodeRest chatApi = TwoChainNetwork.api(chat);
    String chainId = currency.chainId();
    String operator = TwoChainNetwork.firstOperator(currency);
    String prefix = CrossChainLoad.randomPrefix();
    // the last DUPLICATES operations ask for an earlier one's name in upper case: the chat chain
    // (case-insensitive names) refuses whichever of each pair arrives second, which must roll back
    List<String> names = new ArrayList<>();
    for (int i = 0; i < OPS; i++) {
      names.add(
          i < OPS - DUPLICATES
              ? prefix + "_" + i
              : (prefix + "_" + (i - (OPS - DUPLICATES))).toUpperCase(Locale.ROOT));
    }
    CrossChainLoad load = new CrossChainLoad(chainId, names, STAKE, operator, 0);
    CrossChainLoad warmUp = new CrossChainLoad(chainId, 1, prefix + "_w", STAKE, operator, 0);
    List<String> accounts = new ArrayList<>(load.addresses());
    accounts.addAll(warmUp.addresses());
    AccountFunding.fund(
        currencyApi,
        chainId,
        TwoChainNetwork.faucet(currency),
        accounts,
        load.fundingEach(),
        GAS_PRICE,
        TwoChainNetwork::log);
    // the currency chain's light client of the chat chain gets fresh (operation timeouts count
    // from it), whatever the outcome of this one
    warmUp.sign(currencyApi);
    CrossChainResult w = warmUp.run(List.of(currencyApi), currencyApi, 0, 1, 180, s -> {});
    log("warm-up: " + w.table());
    load.sign(currencyApi);

    // submit to the nodes that stay up; follow the operations on the currency API node
    List<NodeRest> submitTo =
        List.of(
            currencyApi,
            TwoChainNetwork.node(currency.members().get(0)),
            TwoChainNetwork.node(currency.members().get(1)));
    List<CrossChainResult> result = new CopyOnWriteArrayList<>();
    List<Throwable> failure = new CopyOnWriteArrayList<>();
    Thread runner =
        Thread.ofPlatform()
            .name("xchain-load")
            .start(() -> {
              try {
                result.add(load.run(submitTo, currencyApi, 40, 8, 420, TwoChainNetwork::log));
              } catch (Exception | Error e) {
                failure.add(e);
              }
            });

    LocalCluster.Member chatVictim = chat.members().get(3);
    LocalCluster.Member currencyVictim = currency.members().get(3);
    Thread.sleep(5_000);
    net.kill(chatVictim);
    net.kill(currencyVictim);
    Thread.sleep(10_000);
    net.up();
    assertThat(chatVictim.pid()).as("restarted " + chatVictim.name()).isPresent();
    assertThat(currencyVictim.pid()).as("restarted " + currencyVictim.name()).isPresent();
    net.stopRelayer();
    assertThat(net.relayerRunning()).isFalse();
    Thread.sleep(20_000);
    net.up();
    assertThat(net.relayerRunning()).isTrue();
    runner.join();
    assertThat(failure).isEmpty();
    CrossChainResult r = result.get(0);
    log("result:\n" + r.table());

    assertThat(r.submitted()).isEqualTo(OPS);
    assertThat(r.accepted()).as(r.table()).isEqualTo(OPS);
    assertThat(r.failed()).as(r.table()).isZero();
    assertThat(r.unfinished()).as(r.table() + net.logTails()).isZero();
    assertThat(r.atomicSuccess() + r.rolledBack()).isEqualTo(OPS);
    // of two operations asking for one name, exactly one succeeds
    List<CrossChainLoad.Op> all = load.ops();
    for (int i = OPS - DUPLICATES; i < OPS; i++) {
      CrossChainLoad.Op dup = all.get(i);
      CrossChainLoad.Op original = all.get(i - (OPS - DUPLICATES));
      assertThat(List.of(dup.status(), original.status()))
          .as(original.username() + " / " + dup.username())
          .containsExactlyInAnyOrder(CrossChainLoad.SUCCESS, CrossChainLoad.ROLLED_BACK);
      CrossChainLoad.Op loser = dup.status().equals(CrossChainLoad.ROLLED_BACK) ? dup : original;
      assertThat(loser.reason()).as(loser.id()).contains("taken");
    }
    assertThat(r.rolledBack()).isGreaterThanOrEqualTo(DUPLICATES);

    // the chat chain's copy of each record reaches the same final status (its OpResult packet)
    List<CrossChainLoad.Op> ops = load.ops();
    long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
    List<CrossChainLoad.Op> disagreeing = ops;
    while (true) {
      disagreeing = parallel(disagreeing, op -> !sameOnChat(chatApi, op));
      if (disagreeing.isEmpty() || System.nanoTime() > deadline) {
        break;
      }
      log(disagreeing.size() + " operations not final on the chat chain yet");
      Thread.sleep(2_000);
    }
    assertThat(disagreeing.stream().map(op -> op.id() + " " + op.status()).toList())
        .as("operations whose chat-chain record differs from the currency chain's")
        .isEmpty();

    // never half-done: identity iff AtomicSuccess, bonded stake iff AtomicSuccess, escrow refunded
    List<String> problems = new CopyOnWriteArrayList<>();
    parallel(
        ops,
        op -> {
          problems.addAll(check(currencyApi, chatApi, op));
          return false;
        });
    assertThat(problems).isEmpty();

    // the escrow account is empty and can neither mint nor burn: the protocol created or destroyed
    // nothing (every account above holds exactly its funding less its fee and bonded stake)
    JsonNode modules = get(currencyApi, "/v1/query/bank/module_accounts", Map.of()).json();
    JsonNode escrow = null;
    for (JsonNode m : modules.path("result")) {
      if (m.path("name").asText().equals("xchain")) {
        escrow = m;
      }
    }
    assertThat(escrow).as("the xchain module account").isNotNull();
    assertThat(escrow.path("permissions").toString()).doesNotContain("minter", "burner");
    assertThat(balance(currencyApi, escrow.path("address").asText())).isZero();
    log(
        "checked "
            + OPS
            + " operations: "
            + r.atomicSuccess()
            + " AtomicSuccess, "
            + r.rolledBack()
            + " RolledBack on both chains");
  }

  private static boolean sameOnChat(NodeRest chatApi, CrossChainLoad.Op op) {
    Answer a = get(chatApi, "/v1/query/xchain/op", Map.of("id", op.id()));
    return a.status() == 200 && status(a.json()).equals(op.status());
  }

  private static String status(JsonNode answer) {
    JsonNode rec = answer.path("result");
    if (rec.has("op")) {
      rec = rec.get("op");
    }
    return rec.path("status").asText();
  }

  /** Every half-done state of one operation, as a list of readable problems. */
  private static List<String> check(NodeRest currencyApi, NodeRest chatApi, CrossChainLoad.Op op) {
    List<String> problems = new ArrayList<>();
    String what = op.id() + " (" + op.username() + ", " + op.status() + ")";
    boolean success = op.status().equals(CrossChainLoad.SUCCESS);
    Answer onCurrency = get(currencyApi, "/v1/query/xchain/op", Map.of("id", op.id()));
    if (onCurrency.status() != 200 || !status(onCurrency.json()).equals(op.status())) {
      problems.add(what + ": currency chain record " + onCurrency);
    }
    Answer byName = get(chatApi, "/v1/query/identity/name", Map.of("name", op.username()));
    Answer byOwner = get(chatApi, "/v1/query/identity/owner", Map.of("address", op.owner()));
    for (Answer a : List.of(byName, byOwner)) {
      if (a.status() >= 500 || a.status() == 0) {
        problems.add(what + ": identity query failed: " + a);
      }
    }
    if (success) {
      if (byName.status() != 200
          || !byName.json().path("result").path("owner").asText().equals(op.owner())) {
        problems.add(what + ": no identity owned by " + op.owner() + ": " + byName);
      }
      if (byOwner.status() != 200
          || !byOwner.json().path("result").path("username").asText().equals(op.username())) {
        problems.add(what + ": owner's identity is not " + op.username() + ": " + byOwner);
      }
    } else {
      // the name may belong to the other operation that asked for it, never to this owner
      if (byName.status() == 200
          && byName.json().path("result").path("owner").asText().equals(op.owner())) {
        problems.add(what + ": identity left behind: " + byName);
      }
      if (byName.status() != 200 && byName.status() != 404 && byName.status() != 400) {
        problems.add(what + ": identity query: " + byName);
      }
      if (byOwner.status() == 200) {
        problems.add(what + ": the owner holds an identity: " + byOwner);
      }
    }
    Answer delegations =
        get(currencyApi, "/v1/query/staking/delegations", Map.of("delegator", op.owner()));
    BigInteger bonded = BigInteger.ZERO;
    for (JsonNode d : delegations.json().path("result")) {
      bonded = bonded.add(new BigInteger(d.path("tokens").asText("0")));
    }
    if (delegations.status() != 200 || !bonded.equals(success ? STAKE : BigInteger.ZERO)) {
      problems.add(what + ": bonded " + bonded + ": " + delegations);
    }
    BigInteger left = balance(currencyApi, op.owner());
    BigInteger expected = success ? BigInteger.ZERO : STAKE;
    if (!left.equals(expected)) {
      problems.add(what + ": balance " + left + "ulat, expected " + expected);
    }
    return problems;
  }

  private static BigInteger balance(NodeRest api, String address) {
    Answer a = get(api, "/v1/query/bank/balances", Map.of("address", address));
    if (a.status() != 200) {
      throw new AssertionError("balances of " + address + ": " + a);
    }
    for (JsonNode c : a.json().path("result")) {
      if (c.path("denom").asText().equals("ulat")) {
        return new BigInteger(c.path("amount").asText());
      }
    }
    return BigInteger.ZERO;
  }

  /** The ops for which {@code test} holds, evaluated 16 at a time. */
  private static List<CrossChainLoad.Op> parallel(
      List<CrossChainLoad.Op> ops, java.util.function.Predicate<CrossChainLoad.Op> test)
      throws Exception {
    ConcurrentLinkedQueue<CrossChainLoad.Op> out = new ConcurrentLinkedQueue<>();
    Semaphore slots = new Semaphore(16);
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> futures = new ArrayList<>();
      for (CrossChainLoad.Op op : ops) {
        futures.add(
            pool.submit(() -> {
              slots.acquire();
              try {
                if (test.test(op)) {
                  out.add(op);
                }
              } finally {
                slots.release();
              }
              return null;
            }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    }
    return ops.stream().filter(out::contains).toList();
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /** An HTTP answer: status (0: no answer) and body. */
  record Answer(int status, String body) {
    JsonNode json() {
      try {
        return TwoChainNetwork.JSON.readTree(body);
      } catch (IOException e) {
        return TwoChainNetwork.JSON.createObjectNode();
      }
    }

    @Override
    public String toString() {
      return "HTTP " + status + " " + (body.length() > 300 ? body.substring(0, 300) : body);
    }
  }

  static Answer get(NodeRest node, String path, Map<String, String> params) {
    StringBuilder url = new StringBuilder(node.baseUrl()).append(path);
    char sep = '?';
    for (Map.Entry<String, String> e : new TreeMap<>(params).entrySet()) {
      url.append(sep)
          .append(e.getKey())
          .append('=')
          .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
      sep = '&';
    }
    for (int attempt = 0; ; attempt++) {
      try {
        HttpResponse<String> r =
            HTTP.send(
                HttpRequest.newBuilder(URI.create(url.toString()))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body());
      } catch (IOException e) {
        if (attempt >= 3) {
          return new Answer(0, e.toString());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Answer(0, "interrupted");
      }
    }
  }
}
