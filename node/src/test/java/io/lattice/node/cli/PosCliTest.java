package io.lattice.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.node.config.NodeHome;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tx staking|distribution|slashing} and {@code query staking|distribution} on a node. */
class PosCliTest {
  @TempDir static Path dir;
  static CliTestNode chain;
  static NodeHome home;
  static String url;

  @BeforeAll
  static void start() throws Exception {
    chain = CliTestNode.start(dir, "lattice-poscli-1", "poscli");
    home = chain.home();
    url = chain.url();
  }

  @AfterAll
  static void stop() {
    if (chain != null) {
      chain.close();
    }
  }

  static CliRun cli(String... args) {
    List<String> full = new ArrayList<>(Arrays.asList(args));
    if (!args[0].equals("keys")) {
      full.addAll(List.of("--node", url));
    }
    if (args[0].equals("tx") || args[0].equals("keys")) {
      full.addAll(List.of("--home", home.root().toString(), "--keyring-backend", "test"));
    }
    return CliRun.exec(full.toArray(String[]::new));
  }

  static JsonNode json(CliRun run) throws Exception {
    assertThat(run.exitCode()).as(run.toString()).isZero();
    return CliCommand.JSON.readTree(run.out());
  }

  static JsonNode tx(String... args) throws Exception {
    List<String> full = new ArrayList<>(Arrays.asList(args));
    full.addAll(List.of("--fees", "4000ulat", "--yes", "--output", "json"));
    return json(cli(full.toArray(String[]::new)));
  }

  static String address(String key) {
    CliRun show =
        CliRun.exec(
            "keys",
            "show",
            key,
            "--address",
            "--home",
            home.root().toString(),
            "--keyring-backend",
            "test");
    return show.outLine();
  }

  static String consensusKey() throws Exception {
    byte[] sk = new byte[32];
    new SecureRandom().nextBytes(sk);
    return Base64.getEncoder()
        .encodeToString(KeyPairs.fromPrivateKey(KeyAlgorithm.ED25519, sk).publicKey().encoded());
  }

  @Test
  void stakingLifecycleThroughTheCli() throws Exception {
    String faucet = address("faucet");
    JsonNode created =
        tx(
            "tx",
            "staking",
            "create-validator",
            "--from",
            "faucet",
            "--amount",
            "2000000ulat",
            "--pubkey",
            consensusKey(),
            "--moniker",
            "alpha",
            "--commission-rate",
            "0.05");
    assertThat(created.get("code").asInt()).as(created.toString()).isZero();

    JsonNode validators = json(cli("query", "staking", "validators", "--output", "json"));
    // the genesis validator (bonded by `lattice init`) and the new one
    assertThat(validators.get("validators")).hasSize(2);
    JsonNode v = null;
    for (JsonNode each : validators.get("validators")) {
      if (each.get("operator_address").asText().equals(faucet)) {
        v = each;
      }
    }
    assertThat(v).as(validators.toString()).isNotNull();
    assertThat(v.get("tokens").asText()).isEqualTo("2000000");
    assertThat(v.get("power").asText()).isEqualTo("2");
    assertThat(
            json(cli("query", "staking", "validator", faucet, "--output", "json"))
                .get("moniker")
                .asText())
        .isEqualTo("alpha");

    assertThat(cli("keys", "add", "carol").exitCode()).isZero();
    String carol = address("carol");
    assertThat(tx("tx", "bank", "send", "faucet", carol, "5000000ulat").get("code").asInt())
        .isZero();
    assertThat(
            tx("tx", "staking", "delegate", faucet, "1000000ulat", "--from", "carol")
                .get("code")
                .asInt())
        .isZero();
    JsonNode ds = json(cli("query", "staking", "delegations", carol, "--output", "json"));
    assertThat(ds.get("delegations").get(0).get("tokens").asText()).isEqualTo("1000000");
    assertThat(
            tx("tx", "staking", "unbond", faucet, "400000ulat", "--from", "carol")
                .get("code")
                .asInt())
        .isZero();
    ds = json(cli("query", "staking", "delegations", carol, "--output", "json"));
    assertThat(ds.get("delegations").get(0).get("tokens").asText()).isEqualTo("600000");

    assertThat(
            tx(
                    "tx",
                    "staking",
                    "create-validator",
                    "--from",
                    "carol",
                    "--amount",
                    "1000000ulat",
                    "--pubkey",
                    consensusKey(),
                    "--moniker",
                    "beta")
                .get("code")
                .asInt())
        .isZero();
    assertThat(
            tx("tx", "staking", "redelegate", faucet, carol, "100000ulat", "--from", "carol")
                .get("code")
                .asInt())
        .isZero();
    assertThat(
            json(cli("query", "staking", "validator", carol, "--output", "json"))
                .get("tokens")
                .asText())
        .isEqualTo("1100000");
    assertThat(
            tx("tx", "staking", "edit-validator", "--moniker", "beta2", "--from", "carol")
                .get("code")
                .asInt())
        .isZero();

    JsonNode rewards = json(cli("query", "distribution", "rewards", carol, "--output", "json"));
    assertThat(rewards.get("rewards")).hasSize(2);
    assertThat(rewards.get("total").asText()).isEqualTo("0");
    assertThat(
            tx("tx", "distribution", "withdraw-rewards", faucet, "--from", "carol")
                .get("code")
                .asInt())
        .isZero();

    // No node signs with the new validators' keys: they earn no commission; carol is not jailed
    // (the 100-block liveness window has not filled).
    CliRun commission =
        cli(
            "tx",
            "distribution",
            "withdraw-rewards",
            faucet,
            "--commission",
            "--from",
            "faucet",
            "--fees",
            "4000ulat",
            "--yes");
    assertThat(commission.exitCode()).isEqualTo(1);
    assertThat(commission.err()).contains("has no commission");
    CliRun unjail =
        cli("tx", "slashing", "unjail", "--from", "carol", "--fees", "4000ulat", "--yes");
    assertThat(unjail.exitCode()).isEqualTo(1);
    assertThat(unjail.err()).contains("is not jailed");
  }

  @Test
  void badInputIsRefusedBeforeSending() {
    CliRun badAddress =
        cli("tx", "staking", "delegate", "lat1nope", "10ulat", "--from", "faucet", "--yes");
    assertThat(badAddress.exitCode()).isEqualTo(2);
    assertThat(badAddress.err()).contains("VALIDATOR");
    CliRun badRate =
        cli(
            "tx",
            "staking",
            "create-validator",
            "--from",
            "faucet",
            "--amount",
            "10ulat",
            "--pubkey",
            "AAAA",
            "--moniker",
            "x",
            "--yes");
    assertThat(badRate.exitCode()).isEqualTo(2);
    assertThat(badRate.err()).contains("--pubkey");
    CliRun noValidator =
        cli("query", "staking", "validator", io.lattice.bank.BankKeeper.moduleAddress("nobody"));
    assertThat(noValidator.exitCode()).isEqualTo(1);
    assertThat(noValidator.err()).contains("no validator");
  }
}
