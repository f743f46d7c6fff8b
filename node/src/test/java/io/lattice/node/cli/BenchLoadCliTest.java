package io.lattice.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lattice bench load} against a real in-process node. */
class BenchLoadCliTest {
  @TempDir static Path dir;
  static CliTestNode chain;

  @BeforeAll
  static void start() throws Exception {
    chain = CliTestNode.start(dir, "lattice-benchtest-1", "benchtest");
  }

  @AfterAll
  static void stop() {
    if (chain != null) {
      chain.close();
    }
  }

  static CliRun load(String... args) {
    List<String> full =
        new ArrayList<>(
            List.of(
                "bench",
                "load",
                "--node",
                chain.url(),
                "--from",
                "faucet",
                "--home",
                chain.home().root().toString(),
                "--keyring-backend",
                "test"));
    full.addAll(List.of(args));
    return CliRun.exec(full.toArray(String[]::new));
  }

  @Test
  void fundsAccountsSubmitsAtTheRateAndCountsEveryCommittedTransfer() throws Exception {
    Path png = dir.resolve("plots/load.png");
    CliRun run =
        load(
            "--accounts",
            "30",
            "--rate",
            "40",
            "--duration",
            "2s",
            "--lanes",
            "4",
            "-o",
            "json",
            "--plot",
            png.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.err()).contains("funded 30 accounts").contains("signed 80 transfers");
    JsonNode r = CliCommand.JSON.readTree(run.out());

    assertThat(r.get("chain_id").asText()).isEqualTo("lattice-benchtest-1");
    assertThat(r.get("submitted").asInt()).isEqualTo(80);
    assertThat(r.get("accepted").asInt()).isEqualTo(80);
    assertThat(r.get("rejected").asInt()).isZero();
    assertThat(r.get("committed").asInt()).isEqualTo(80);
    assertThat(r.get("commit_latency_ms").get("count").asInt()).isEqualTo(80);
    assertThat(r.get("commit_latency_ms").get("p50").asDouble())
        .isPositive()
        .isLessThanOrEqualTo(r.get("commit_latency_ms").get("max").asDouble());
    assertThat(r.get("first_height").asLong()).isPositive();
    int submitted = 0;
    int committed = 0;
    for (JsonNode s : r.get("series")) {
      submitted += s.get("submitted").asInt();
      committed += s.get("committed").asInt();
    }
    assertThat(submitted).isEqualTo(80);
    assertThat(committed).isEqualTo(80);

    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(960);
  }

  @Test
  void transfersTheSendersCannotPayForAreCountedByReason() throws Exception {
    // each account gets 1,000ulat; a transfer's fee is 2,000ulat
    CliRun run =
        load(
            "--accounts",
            "5",
            "--fund",
            "1000",
            "--rate",
            "20",
            "--duration",
            "1s",
            "--drain",
            "1s",
            "-o",
            "json");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(CliException.FAILED);
    JsonNode r = CliCommand.JSON.readTree(run.out());
    assertThat(r.get("committed").asInt()).isZero();
    assertThat(r.get("rejected").asInt()).isEqualTo(20);
    // each sender's first transfer cannot pay its fee; its later ones then carry a sequence the
    // account has not reached
    JsonNode reasons = r.get("rejected_by_reason");
    assertThat(
            reasons
                .get(
                    "HTTP 422: transaction rejected: insufficient funds for fee: balance"
                        + " Nulat < fee Nulat")
                .asInt())
        .isEqualTo(5);
    assertThat(
            reasons
                .get("HTTP 422: transaction rejected: sequence mismatch: expected N, got N")
                .asInt())
        .isEqualTo(15);
  }

  @Test
  void textOutputIsATable() {
    CliRun run = load("--accounts", "4", "--rate", "10", "--duration", "1s");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .contains("submitted                10 in")
        .contains("committed                10 in blocks")
        .contains("finalized transfers/s")
        .contains("commit latency           p50");
  }

  @Test
  void dmRegistersTheAccountsThenCommitsEverySealedDirectMessage(@TempDir Path tmp)
      throws Exception {
    try (CliTestNode chat = CliTestNode.start(tmp, "lattice-chat-benchtest-1", "chatbench")) {
      CliRun run =
          CliRun.exec(
              "bench",
              "load",
              "--node",
              chat.url(),
              "--from",
              "faucet",
              "--home",
              chat.home().root().toString(),
              "--keyring-backend",
              "test",
              "--msg",
              "dm",
              "--accounts",
              "6",
              "--rate",
              "12",
              "--duration",
              "1s",
              "--lanes",
              "3",
              "-o",
              "json");
      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(run.err()).contains("registered 6 usernames").contains("12 direct messages");
      JsonNode r = CliCommand.JSON.readTree(run.out());
      assertThat(r.get("msg").asText()).isEqualTo("dm");
      assertThat(r.get("submitted").asInt()).isEqualTo(12);
      assertThat(r.get("rejected").asInt()).as(run.out()).isZero();
      // a message that failed in its block (e.g. a recipient without keys) is not committed
      assertThat(r.get("committed").asInt()).as(run.out()).isEqualTo(12);
      assertThat(r.get("commit_latency_ms").get("count").asInt()).isEqualTo(12);
    }
  }

  @Test
  void xchainFollowsEveryRegistrationWithStakeToAtomicSuccess(@TempDir Path tmp) throws Exception {
    try (TwoChains net = TwoChains.start(tmp)) {
      CliRun run =
          CliRun.exec(
              "bench",
              "load",
              "--node",
              net.currencyUrl(),
              "--from",
              "faucet",
              "--home",
              net.currencyHome().toString(),
              "--keyring-backend",
              "test",
              "--msg",
              "xchain",
              "--accounts",
              "4",
              "--rate",
              "4",
              "--stake",
              "2500",
              "--drain",
              "90s",
              "-o",
              "json");
      assertThat(run.exitCode()).as(run + net.relayerLog()).isZero();
      assertThat(run.err()).contains("warm-up operation (not counted)");
      JsonNode r = CliCommand.JSON.readTree(run.out());
      assertThat(r.get("msg").asText()).isEqualTo("xchain");
      assertThat(r.get("stake").asText()).isEqualTo("2500");
      assertThat(r.get("submitted").asInt()).isEqualTo(4);
      assertThat(r.get("accepted").asInt()).isEqualTo(4);
      assertThat(r.get("atomic_success").asInt()).as(run.out()).isEqualTo(4);
      assertThat(r.get("rolled_back").asInt()).isZero();
      assertThat(r.get("unfinished").asInt()).isZero();
      JsonNode latency = r.get("atomic_latency_ms");
      assertThat(latency.get("count").asInt()).isEqualTo(4);
      assertThat(latency.get("p50").asDouble())
          .isPositive()
          .isLessThanOrEqualTo(latency.get("max").asDouble());
      assertThat(r.get("start_latency_ms").get("max").asDouble())
          .isLessThan(latency.get("p50").asDouble());
    }
  }

  @Test
  void badOptionsAreRefusedBeforeAnythingIsSent() throws Exception {
    assertThat(load("--rate", "0").err()).contains("--rate must be a positive number or max");
    assertThat(load("--rate", "fast").exitCode()).isEqualTo(CliException.BAD_INPUT);
    assertThat(load("--duration", "soon").err()).contains("--duration");
    assertThat(load("--msg", "vote").err()).contains("--msg vote: use transfer, dm or xchain");
    assertThat(load("--msg", "xchain", "--stake", "0").err()).contains("--stake must be positive");
    assertThat(load("--msg", "xchain", "--lock", "-1").err())
        .contains("--lock must not be negative");
    assertThat(load("--msg", "xchain", "--fund", "1000", "--stake", "1000").err())
        .contains("--fund 1000 does not cover --stake 1000 plus the fee of 4000ulat");
    assertThat(load("--accounts", "0").exitCode()).isEqualTo(CliException.BAD_INPUT);
    CliRun noNetwork =
        CliRun.exec(
            "bench", "load", "--local-dir", dir.resolve("nothing").toString(), "--rate", "1");
    assertThat(noNetwork.exitCode()).isEqualTo(CliException.BAD_INPUT);
    assertThat(noNetwork.err()).contains("no --node given and no local network");
    assertThat(Files.exists(dir.resolve("nothing"))).isFalse();
  }
}
