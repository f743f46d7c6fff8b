package io.lattice.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lattice.node.config.NodeHome;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client commands against a real in-process node started from a {@code lattice init} home. */
class RealNodeCliTest {
  static final String CHAIN_ID = "lattice-clitest-1";

  @TempDir static Path dir;
  static CliTestNode chain;
  static NodeHome home;
  static String url;

  @BeforeAll
  static void start() throws Exception {
    chain = CliTestNode.start(dir, CHAIN_ID, "clitest");
    home = chain.home();
    url = chain.url();
  }

  @AfterAll
  static void stop() {
    if (chain != null) {
      chain.close();
    }
  }

  /** Runs a node-facing command with --node, plus --home/--keyring-backend where keys are used. */
  static CliRun cli(String... args) {
    return cliWithStdin("", args);
  }

  static CliRun cliWithStdin(String stdin, String... args) {
    List<String> full = new ArrayList<>(Arrays.asList(args));
    full.add("--node");
    full.add(url);
    if (args[0].equals("tx") && args[1].equals("bank")) {
      full.addAll(List.of("--home", home.root().toString(), "--keyring-backend", "test"));
    }
    return CliRun.withStdin(stdin, full.toArray(String[]::new));
  }

  static JsonNode json(CliRun run) throws Exception {
    assertThat(run.exitCode()).as(run.toString()).isZero();
    return CliCommand.JSON.readTree(run.out());
  }

  static String newAddress(String name) {
    CliRun add =
        CliRun.exec(
            "keys", "add", name, "--home", home.root().toString(), "--keyring-backend", "test");
    assertThat(add.exitCode()).as(add.toString()).isZero();
    return CliRun.exec(
            "keys",
            "show",
            name,
            "--address",
            "--home",
            home.root().toString(),
            "--keyring-backend",
            "test")
        .outLine();
  }

  static String balance(String address) throws Exception {
    return json(cli("query", "bank", "balances", address, "--output", "json"))
        .get("balances")
        .get(0)
        .get("amount")
        .asText();
  }

  @Test
  void statusShowsTheChain() throws Exception {
    JsonNode status = json(cli("status", "--output", "json"));
    assertThat(status.get("chain_id").asText()).isEqualTo(CHAIN_ID);
    CliRun text = cli("status");
    assertThat(text.exitCode()).isZero();
    assertThat(text.out()).contains("chain_id: " + CHAIN_ID);
  }

  @Test
  void sendQueryAndBroadcast() throws Exception {
    String bob = newAddress("bob");
    JsonNode sent =
        json(
            cli(
                "tx",
                "bank",
                "send",
                "faucet",
                bob,
                "5000ulat",
                "--fees",
                "2000ulat",
                "--yes",
                "--output",
                "json"));
    List<String> fields = new ArrayList<>();
    sent.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsExactly("txhash", "height", "code", "log");
    assertThat(sent.get("code").asInt()).isZero();
    String hash = sent.get("txhash").asText();
    long height = sent.get("height").asLong();

    JsonNode balances = json(cli("query", "bank", "balances", bob, "--output", "json"));
    assertThat(balances.get("balances").get(0).get("amount").asText()).isEqualTo("5000");
    CliRun balancesText = cli("query", "bank", "balances", bob);
    assertThat(balancesText.out()).contains("amount: \"5000\"").contains("denom: ulat");

    JsonNode tx = json(cli("query", "tx", hash, "--output", "json"));
    assertThat(tx.get("height").asLong()).isEqualTo(height);
    JsonNode block = json(cli("query", "block", Long.toString(height), "--output", "json"));
    assertThat(block.get("txs").toString()).contains(hash);
    assertThat(json(cli("query", "block", "--output", "json")).get("height").asLong())
        .isGreaterThanOrEqualTo(height);
    JsonNode account = json(cli("query", "account", bob, "--output", "json"));
    assertThat(account.get("address").asText()).isEqualTo(bob);

    CliRun signed =
        cli(
            "tx",
            "bank",
            "send",
            "faucet",
            bob,
            "7ulat",
            "--gas-prices",
            "0.01ulat",
            "--sign-only");
    assertThat(signed.exitCode()).as(signed.toString()).isZero();
    Path file = dir.resolve("signed.b64");
    Files.writeString(file, signed.out());
    assertThat(
            json(cli("query", "bank", "balances", bob, "--output", "json"))
                .get("balances")
                .get(0)
                .get("amount")
                .asText())
        .as("--sign-only sends nothing")
        .isEqualTo("5000");
    JsonNode broadcast = json(cli("tx", "broadcast", file.toString(), "--output", "json"));
    assertThat(broadcast.get("code").asInt()).isZero();
    assertThat(
            json(cli("query", "bank", "balances", bob, "--output", "json"))
                .get("balances")
                .get(0)
                .get("amount")
                .asText())
        .isEqualTo("5007");

    CliRun again =
        cli(
            "tx",
            "bank",
            "send",
            "faucet",
            bob,
            "3ulat",
            "--gas-prices",
            "0.01ulat",
            "--sign-only");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    JsonNode fromStdin =
        json(cliWithStdin(again.out(), "tx", "broadcast", "-", "--output", "json"));
    assertThat(fromStdin.get("code").asInt()).isZero();
    assertThat(balance(bob)).isEqualTo("5010");
    CliRun garbage = cliWithStdin("not base64!\n", "tx", "broadcast", "-");
    assertThat(garbage.exitCode()).isEqualTo(2);
    assertThat(garbage.err()).contains("not a base64 transaction");
    CliRun undecodable = cliWithStdin("AAAA\n", "tx", "broadcast", "-");
    assertThat(undecodable.exitCode()).isEqualTo(1);
    assertThat(undecodable.err()).contains("transaction rejected");
  }

  @Test
  void rejectionsAndRefusalsExitNonZeroWithTheReason() throws Exception {
    String carol = newAddress("carol");
    json(
        cli(
            "tx",
            "bank",
            "send",
            "faucet",
            carol,
            "3000ulat",
            "--fees",
            "2000ulat",
            "--yes",
            "--output",
            "json"));

    CliRun tooMuch =
        cli("tx", "bank", "send", "carol", carol, "999999999ulat", "--fees", "2000ulat", "--yes");
    assertThat(tooMuch.exitCode()).isEqualTo(1);
    assertThat(tooMuch.err())
        .startsWith("Error: ")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
    assertThat(tooMuch.err().strip().lines().count()).isEqualTo(1);

    String before = balance(carol);
    CliRun declined =
        cliWithStdin("n\n", "tx", "bank", "send", "faucet", carol, "1ulat", "--fees", "2000ulat");
    assertThat(declined.exitCode()).isEqualTo(1);
    assertThat(declined.err()).contains("aborted");
    assertThat(balance(carol)).as("a declined transfer sends nothing").isEqualTo(before);

    CliRun badTo = cli("tx", "bank", "send", "faucet", "lat1nope", "1ulat", "--yes");
    assertThat(badTo.exitCode()).isEqualTo(2);
    assertThat(badTo.err()).contains("TO");
    CliRun unknownTo = cli("tx", "bank", "send", "faucet", "nobody", "1ulat", "--yes");
    assertThat(unknownTo.exitCode()).isEqualTo(2);
    assertThat(unknownTo.err()).contains("TO: 'nobody' is neither");
    JsonNode byName =
        json(
            cli(
                "tx",
                "bank",
                "send",
                "faucet",
                "carol",
                "1ulat",
                "--gas-prices",
                "0.01ulat",
                "--yes",
                "--output",
                "json"));
    assertThat(byName.get("code").asInt()).isZero();
    CliRun badAmount = cli("tx", "bank", "send", "faucet", carol, "ulat", "--yes");
    assertThat(badAmount.exitCode()).isEqualTo(2);
    assertThat(badAmount.err()).contains("AMOUNT");
    CliRun noKey = cli("tx", "bank", "send", "nobody", carol, "1ulat", "--yes");
    assertThat(noKey.exitCode()).isEqualTo(1);
    assertThat(noKey.err()).contains("no key named 'nobody'");

    CliRun missingTx = cli("query", "tx", "00".repeat(32));
    assertThat(missingTx.exitCode()).isEqualTo(1);
    assertThat(missingTx.err()).contains("not found");
  }

  @Test
  void unreachableNodeIsOneClearLine() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String dead = "http://127.0.0.1:" + port;
    CliRun status = CliRun.exec("status", "--node", dead);
    assertThat(status.exitCode()).isEqualTo(1);
    assertThat(status.err().strip())
        .isEqualTo("Error: cannot reach node at " + dead + ": connection refused");
    assertThat(status.out()).isEmpty();
  }
}
