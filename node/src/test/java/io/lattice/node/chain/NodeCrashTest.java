package io.lattice.node.chain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lattice.common.Clock;
import io.lattice.consensus.block.BlockHashes;
import io.lattice.consensus.block.BlockVerifier;
import io.lattice.consensus.privval.FilePrivValidator;
import io.lattice.consensus.privval.LastSignState;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.crypto.keyring.Backend;
import io.lattice.crypto.keyring.Keyring;
import io.lattice.crypto.keyring.PassphraseSource;
import io.lattice.node.config.ConfigFile;
import io.lattice.node.config.GenesisFile;
import io.lattice.node.config.HomeInitializer;
import io.lattice.node.config.KeyFile;
import io.lattice.node.config.NodeHome;
import io.lattice.proto.types.v1.Block;
import io.lattice.proto.types.v1.ValidatorSet;
import io.lattice.runtime.store.StateTreeStore;
import io.lattice.runtime.tx.TxBuilder;
import io.lattice.storage.RocksKeyValueStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code lattice start} in a child JVM, submits transfers through its API, kills it with
 * SIGKILL at a seeded random moment, and checks after each kill that the store holds a verifiable
 * chain whose state matches its last block and that no transaction seen committed was lost; then
 * that the restarted node resumes from there. Seed: {@code -Dcrash.seed=N} (printed on failure).
 */
class NodeCrashTest {
  private static final String CHAIN = "lattice-crash-1";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of();

  @TempDir Path tmp;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void killedNodeResumesWithItsCommittedChainIntact() throws Exception {
    long seed = Long.getLong("crash.seed", System.nanoTime());
    Random random = new Random(seed);
    String context = "crash.seed=" + seed;

    NodeHome home = new NodeHome(tmp.resolve("home"));
    new HomeInitializer(Clock.system(), new SecureRandom()).init(home, CHAIN, "node0", false);
    ConfigFile.write(
        home.configToml(),
        ConfigFile.read(home.configToml()).withBlockInterval(Duration.ofMillis(100)));
    PrivateKeySigner faucet =
        Keyring.open(home.root(), Backend.TEST, PassphraseSource.none())
            .signer(HomeInitializer.FAUCET_KEY_NAME);
    String recipient =
        KeyPairs.generate(KeyAlgorithm.ED25519, new SecureRandom())
            .publicKey()
            .address()
            .toString();

    Set<String> seenCommitted = new LinkedHashSet<>();
    long seenHeight = 0;
    for (int round = 0; round < 2; round++) {
      Child node = Child.start(home, tmp.resolve("child-" + round + ".log"));
      try {
        String api = node.awaitApi();
        long resumed = status(api).path("latest_block_height").asLong();
        assertThat(resumed).as(context).isGreaterThanOrEqualTo(seenHeight);
        for (String hash : seenCommitted) {
          assertThat(get(api, "/v1/txs/" + hash).statusCode())
              .as(context + " tx " + hash)
              .isEqualTo(200);
        }

        JsonNode account =
            JSON.readTree(get(api, "/v1/accounts/" + faucet.publicKey().address()).body());
        long number = account.path("account_number").asLong();
        long sequence = account.path("sequence").asLong();
        List<String> submitted = new ArrayList<>();
        int count = 3 + random.nextInt(8);
        for (int i = 0; i < count; i++) {
          byte[] tx = Transfers.send(CHAIN, faucet, number, sequence + i, recipient, 1 + i);
          HttpResponse<String> r = post(api, tx);
          assertThat(r.statusCode()).as(context + ": " + r.body()).isEqualTo(200);
          submitted.add(HEX.formatHex(TxBuilder.hash(tx)));
        }
        long killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200 + random.nextInt(1500));
        while (System.nanoTime() < killAt) {
          for (String hash : submitted) {
            if (!seenCommitted.contains(hash) && get(api, "/v1/txs/" + hash).statusCode() == 200) {
              seenCommitted.add(hash);
            }
          }
          seenHeight = Math.max(seenHeight, status(api).path("latest_block_height").asLong());
          Thread.sleep(20);
        }
      } finally {
        node.kill();
      }
      seenHeight = Math.max(seenHeight, checkStore(home, seenCommitted, context));
    }

    Child last = Child.start(home, tmp.resolve("child-final.log"));
    try {
      String api = last.awaitApi();
      assertThat(status(api).path("latest_block_height").asLong())
          .isGreaterThanOrEqualTo(seenHeight);
      assertThat(seenCommitted).as(context).isNotEmpty();
    } finally {
      last.terminate();
    }
    assertThat(Files.exists(home.pidFile())).as("clean shutdown removes node.pid").isFalse();
  }

  /** Verifies the stored chain offline; returns its height. */
  private static long checkStore(NodeHome home, Set<String> seenCommitted, String context)
      throws Exception {
    GenesisFile.Loaded genesis = GenesisFile.read(home.genesisJson());
    ValidatorSet validators = genesis.validatorSet();
    try (RocksKeyValueStore db = RocksKeyValueStore.open(home.dataDir())) {
      StoredChain chain = new StoredChain(db);
      StateTreeStore state = StateTreeStore.open(db);
      long height = chain.latestHeight();
      assertThat(state.version()).as(context + ": state version = block height").isEqualTo(height);
      if (height > 0) {
        assertThat(state.rootHash()).as(context).isEqualTo(chain.appHash(height).orElseThrow());
      }
      byte[] previous = new byte[0];
      for (long h = 1; h <= height; h++) {
        Block block = chain.block(h).orElseThrow();
        byte[] hash = BlockHashes.header(block.getHeader());
        BlockVerifier.verifyBlock(CHAIN, validators, block, hash);
        BlockVerifier.verifyCommit(CHAIN, validators, h, hash, chain.commit(h).orElseThrow());
        assertThat(block.getHeader().getLastBlockId().getHash().toByteArray()).isEqualTo(previous);
        if (h > 1) {
          assertThat(block.getHeader().getAppHash().toByteArray())
              .isEqualTo(chain.appHash(h - 1).orElseThrow());
        }
        assertThat(chain.results(h).orElseThrow()).hasSize(block.getData().getTxsCount());
        previous = hash;
      }
      for (String tx : seenCommitted) {
        assertThat(chain.txLocation(HEX.parseHex(tx)))
            .as(context + ": committed tx " + tx)
            .isPresent();
      }
      // The sign state was made durable before each signature left: it covers the last block's
      // precommit (which its commit carries), so a restart can never sign that height again.
      LastSignState signed =
          FilePrivValidator.open(
                  KeyFile.read(home.validatorKey()),
                  home.dataDir().resolve(ConsensusFactory.SIGN_STATE_FILE))
              .lastSignState();
      assertThat(signed.height())
          .as(context + ": last signed height")
          .isGreaterThanOrEqualTo(height);
      return height;
    }
  }

  private JsonNode status(String api) throws Exception {
    return JSON.readTree(get(api, "/v1/status").body());
  }

  private HttpResponse<String> get(String api, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String api, byte[] tx) throws Exception {
    String body =
        JSON.createObjectNode()
            .put("tx_bytes", Base64.getEncoder().encodeToString(tx))
            .put("mode", "sync")
            .toString();
    return http.send(
        HttpRequest.newBuilder(URI.create(api + "/v1/txs"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** {@code lattice start} in a child JVM with this test's class path. */
  private record Child(Process process, BlockingQueue<String> lines, Path log) {
    static Child start(NodeHome home, Path log) throws IOException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process p =
          new ProcessBuilder(
                  java,
                  "-cp",
                  System.getProperty("java.class.path"),
                  "io.lattice.node.cli.LatticeCli",
                  "start",
                  "--home",
                  home.root().toString(),
                  "--api",
                  "127.0.0.1:0")
              .redirectErrorStream(true)
              .start();
      BlockingQueue<String> lines = new LinkedBlockingQueue<>();
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                    Files.writeString(
                        log,
                        line + "\n",
                        StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
                  }
                } catch (IOException closed) {
                  // The child was killed.
                }
              },
              "child-output");
      reader.setDaemon(true);
      reader.start();
      return new Child(p, lines, log);
    }

    /** Waits for the "API: <url>" line of a started node. */
    String awaitApi() throws Exception {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      List<String> seen = new ArrayList<>();
      while (System.nanoTime() < deadline) {
        String line = lines.poll(200, TimeUnit.MILLISECONDS);
        if (line != null) {
          seen.add(line);
          if (line.startsWith("API: ")) {
            return line.substring(5).strip();
          }
        }
        if (!process.isAlive() && lines.isEmpty()) {
          break;
        }
      }
      throw new AssertionError("the node did not start; its output: " + String.join("\n", seen));
    }

    void kill() throws InterruptedException {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: the node shuts down cleanly. */
    void terminate() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        throw new AssertionError("the node did not stop on SIGTERM");
      }
    }
  }
}
