package io.lattice.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.chains.Counterparty;
import io.lattice.common.Clock;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.crypto.keyring.Backend;
import io.lattice.crypto.keyring.Keyring;
import io.lattice.crypto.keyring.PassphraseSource;
import io.lattice.node.chain.LatticeNode;
import io.lattice.node.config.GenesisFile;
import io.lattice.node.config.HomeInitializer;
import io.lattice.node.config.NodeConfig;
import io.lattice.node.config.NodeHome;
import io.lattice.node.relayer.RelayerLoop;
import io.lattice.node.relayer.RestChainEndpoint;
import io.lattice.sdk.e2e.IdentityKeyPair;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tx xchain register-with-stake} and {@code query xchain op} across two real nodes, a chat
 * chain and a currency chain whose geneses name each other as counterparty, with the relayer loop
 * of {@code lattice relayer start} moving packets between their APIs.
 */
class XchainCliTest {
  static final String CHAT = "lattice-chat-xclitest-1";
  static final String CURRENCY = "lattice-currency-xclitest-1";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static NodeHome chatHome;
  static NodeHome currencyHome;
  static LatticeNode chatNode;
  static LatticeNode currencyNode;
  static String chatUrl;
  static String currencyUrl;
  static RelayerLoop relayer;
  static Thread relayerThread;
  static final StringWriter relayerLog = new StringWriter();

  @BeforeAll
  static void start() throws Exception {
    HomeInitializer init = new HomeInitializer(Clock.system(), new SecureRandom());
    chatHome = new NodeHome(dir.resolve("chat"));
    currencyHome = new NodeHome(dir.resolve("currency"));
    init.init(chatHome, CHAT, "chat", false);
    init.init(currencyHome, CURRENCY, "currency", false);
    JsonNode chatGenesis = JSON.readTree(chatHome.genesisJson().toFile());
    JsonNode currencyGenesis = JSON.readTree(currencyHome.genesisJson().toFile());
    link(chatHome, CHAT, currencyGenesis);
    link(currencyHome, CURRENCY, chatGenesis);
    chatNode = start(chatHome);
    currencyNode = start(currencyHome);
    chatUrl = "http://127.0.0.1:" + chatNode.apiPort().orElseThrow();
    currencyUrl = "http://127.0.0.1:" + currencyNode.apiPort().orElseThrow();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> height(chatUrl) >= 1 && height(currencyUrl) >= 1);

    // the relayer signs with each chain's validator key (funded at init), so that it never races
    // the faucet key the test funds accounts with
    PrivateKeySigner chatKey = key(chatHome, HomeInitializer.VALIDATOR_KEY_NAME);
    PrivateKeySigner currencyKey = key(currencyHome, HomeInitializer.VALIDATOR_KEY_NAME);
    RestChainEndpoint.Fees fees =
        new RestChainEndpoint.Fees(4_000_000, HomeInitializer.DENOM, BigInteger.valueOf(40_000));
    relayer =
        new RelayerLoop(
            chatUrl,
            currencyUrl,
            url ->
                RestChainEndpoint.connect(
                    url, url.equals(chatUrl) ? chatKey : currencyKey, fees, Duration.ofSeconds(30)),
            Duration.ofMillis(300),
            Duration.ofSeconds(2),
            new PrintWriter(relayerLog, true));
    relayerThread =
        Thread.ofPlatform()
            .name("test-relayer")
            .start(() -> {
              try {
                relayer.run();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
  }

  /** Writes {@code counterparty} as the xchain counterparty of {@code home}'s genesis. */
  static void link(NodeHome home, String chainId, JsonNode counterparty) throws Exception {
    GenesisFile.Loaded loaded = GenesisFile.read(home.genesisJson());
    ObjectNode appState = (ObjectNode) JSON.readTree(loaded.genesis().appStateJson());
    assertThat(Counterparty.link(chainId, appState, counterparty)).isTrue();
    // packets time out after 10 minutes, not after the default 100 blocks (20 s at 200 ms blocks)
    ((ObjectNode) appState.get("xchain"))
        .putObject("params")
        .put("op_timeout_blocks", 1_000_000)
        .put("op_timeout_ms", 600_000)
        .put("trusting_period_seconds", 14 * 24 * 3600)
        .put("max_clock_drift_ms", 10_000);
    GenesisFile.write(home.genesisJson(), loaded.genesis(), appState);
  }

  static LatticeNode start(NodeHome home) throws Exception {
    return LatticeNode.start(
        home,
        LatticeNode.Options.defaults()
            .withApi(new NodeConfig.HostPort("127.0.0.1", 0))
            .withBlockInterval(Duration.ofMillis(200)));
  }

  static PrivateKeySigner key(NodeHome home, String name) throws Exception {
    return Keyring.open(home.root(), Backend.TEST, PassphraseSource.none()).signer(name);
  }

  static long height(String url) throws Exception {
    CliRun run = CliRun.exec("status", "--output", "json", "--node", url);
    return run.exitCode() == 0 ? JSON.readTree(run.out()).path("latest_block_height").asLong() : 0;
  }

  @AfterAll
  static void stop() throws Exception {
    if (relayer != null) {
      relayer.stop();
      relayerThread.join(Duration.ofSeconds(30));
    }
    if (currencyNode != null) {
      currencyNode.close();
    }
    if (chatNode != null) {
      chatNode.close();
    }
  }

  /** {@code lattice ARGS --node URL} with {@code home}'s test keyring for transactions. */
  static CliRun on(String url, NodeHome home, String... args) {
    List<String> full = new ArrayList<>(Arrays.asList(args));
    if (!args[0].equals("keys")) {
      full.addAll(List.of("--node", url));
    }
    if (args[0].equals("tx") || args[0].equals("keys")) {
      full.addAll(List.of("--home", home.root().toString(), "--keyring-backend", "test"));
    }
    if (args[0].equals("tx")) {
      full.addAll(List.of("--fees", "4000ulat", "--yes", "--output", "json"));
    }
    return CliRun.exec(full.toArray(String[]::new));
  }

  static JsonNode json(CliRun run) throws Exception {
    assertThat(run.exitCode()).as(run + "\n--- relayer:\n" + relayerLog).isZero();
    return JSON.readTree(run.out());
  }

  static String newFundedKey(String name) throws Exception {
    assertThat(on(currencyUrl, currencyHome, "keys", "add", name).exitCode()).isZero();
    String address = on(currencyUrl, currencyHome, "keys", "show", name, "--address").outLine();
    JsonNode sent =
        json(
            on(currencyUrl, currencyHome, "tx", "bank", "send", "faucet", address, "50000000ulat"));
    assertThat(sent.path("code").asInt()).isZero();
    return address;
  }

  static String balance(String address) throws Exception {
    JsonNode b =
        json(
            on(
                currencyUrl,
                currencyHome,
                "query",
                "bank",
                "balances",
                address,
                "--output",
                "json"));
    return b.path("balances").get(0).path("amount").asText();
  }

  @Test
  void channelWithFeeIsCreatedOnTheChatChain() throws Exception {
    String carol = newFundedKey("carol");
    JsonNode started =
        json(
            on(
                currencyUrl,
                currencyHome,
                "tx",
                "xchain",
                "create-channel-with-fee",
                "news",
                "1000ulat",
                "--from",
                "carol",
                "--wait",
                "120s"));
    assertThat(started.path("status").asText()).isEqualTo("AtomicSuccess");
    JsonNode channel =
        json(on(chatUrl, chatHome, "query", "channels", "channel", "news", "--output", "json"));
    assertThat(channel.path("owner").asText()).isEqualTo(carol);
  }

  @Test
  void registrationWithStakeSucceedsOnBothChainsAndADuplicateRollsBack() throws Exception {
    String alice = newFundedKey("alice");
    JsonNode started =
        json(
            on(
                currencyUrl,
                currencyHome,
                "tx",
                "xchain",
                "register-with-stake",
                "alice",
                "1000000ulat",
                "--from",
                "alice",
                "--lock",
                "1h",
                "--wait",
                "120s"));
    String opId = started.path("op_id").asText();
    assertThat(opId).startsWith(CURRENCY + "/");
    assertThat(started.path("status").asText()).isEqualTo("AtomicSuccess");

    CliRun op = on(currencyUrl, currencyHome, "query", "xchain", "op", opId);
    assertThat(op.exitCode()).as(op.toString()).isZero();
    assertThat(op.out())
        .contains("status: AtomicSuccess")
        .contains("- Pending on " + CURRENCY + " at height ")
        .contains("- ChatChainConfirmed on " + CHAT + " at height ")
        .contains("- AtomicSuccess on " + CURRENCY + " at height ");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() ->
            json(on(chatUrl, chatHome, "query", "xchain", "op", opId, "--output", "json"))
                .path("status")
                .asText()
                .equals("AtomicSuccess"));

    JsonNode identity =
        json(on(chatUrl, chatHome, "query", "identity", "alice", "--output", "json"));
    assertThat(identity.path("owner").asText()).isEqualTo(alice);
    assertThat(identity.path("keys").path("identity_key").asText())
        .isEqualTo(
            Base64.getEncoder()
                .encodeToString(IdentityKeyPair.derive(key(currencyHome, "alice")).publicKey()));
    JsonNode delegations =
        json(
            on(
                currencyUrl,
                currencyHome,
                "query",
                "staking",
                "delegations",
                alice,
                "--output",
                "json"));
    assertThat(delegations.path("delegations").get(0).path("tokens").asText()).isEqualTo("1000000");

    // the name is taken on the chat chain: the error ack rolls the escrow back
    String bob = newFundedKey("bob");
    String before = balance(bob);
    CliRun duplicate =
        on(
            currencyUrl,
            currencyHome,
            "tx",
            "xchain",
            "register-with-stake",
            "ALICE",
            "1000000ulat",
            "--from",
            "bob",
            "--wait",
            "120s");
    assertThat(duplicate.exitCode()).as(duplicate + relayerLog.toString()).isEqualTo(1);
    JsonNode rolledBack = JSON.readTree(duplicate.out());
    assertThat(rolledBack.path("status").asText()).isEqualTo("RolledBack");
    assertThat(duplicate.err()).contains("ended RolledBack").contains("taken");
    assertThat(new BigInteger(balance(bob)))
        .as("the stake came back; only the fee was spent")
        .isEqualTo(new BigInteger(before).subtract(BigInteger.valueOf(4000)));

    // what an operator sees: both outcomes counted, no packet left waiting once relayed
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> {
          String metrics = metrics(currencyUrl);
          assertThat(sample(metrics, "lattice_xchain_ops_total{status=\"AtomicSuccess\"}"))
              .isGreaterThanOrEqualTo(1);
          assertThat(sample(metrics, "lattice_xchain_ops_total{status=\"RolledBack\"}"))
              .isGreaterThanOrEqualTo(1);
          assertThat(sample(metrics, "lattice_xchain_pending_packets")).isZero();
        });
  }

  static String metrics(String url) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(
              HttpRequest.newBuilder(URI.create(url + "/metrics")).build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    }
  }

  /** The value of one Prometheus text-format sample, by its full name and labels. */
  static double sample(String metrics, String series) {
    return metrics
        .lines()
        .filter(l -> l.startsWith(series + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1).strip()))
        .findFirst()
        .orElseThrow(() -> new AssertionError(series + " is not in /metrics"));
  }
}
