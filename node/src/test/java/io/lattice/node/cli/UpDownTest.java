package io.lattice.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lattice.chains.ChatChainApp;
import io.lattice.chains.CurrencyChainApp;
import io.lattice.node.local.LocalChains;
import io.lattice.node.local.LocalCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lattice up} and {@code down} on real node processes: both chains (one validator each, to
 * keep it short on two cores) with their API nodes, the relayer when both chains run xchain.
 */
class UpDownTest {
  @TempDir Path tmp;

  @Test
  void upStartsBothChainsDownStopsEverythingAndUpResumes() throws Exception {
    Path dir = tmp.resolve("local");
    String[] up = {
      "up",
      "--dir",
      dir.toString(),
      "--validators",
      "1",
      "--chat-api-port",
      Integer.toString(freePort()),
      "--api-port",
      Integer.toString(freePort()),
      "--validator-api-port",
      Integer.toString(freePort()),
      "--p2p-port",
      Integer.toString(freePort()),
      "--wait",
      "180"
    };
    try {
      CliRun first = CliRun.exec(up);
      assertThat(first.exitCode()).as(first.toString()).isZero();
      assertThat(first.out())
          .contains("Creating a local network in " + dir.toAbsolutePath())
          .contains("Local network is up")
          .contains("chain " + ChatChainApp.CHAIN_ID)
          .contains("chain " + CurrencyChainApp.CHAIN_ID)
          .contains("faucet:  lat1");
      JsonNode network = CliCommand.JSON.readTree(dir.resolve("network.json").toFile());
      assertThat(network.path("nodes")).hasSize(4);
      List<String> chains = new ArrayList<>();
      for (JsonNode n : network.path("nodes")) {
        assertThat(n.path("pid").isNumber()).as("pid of %s", n.path("name")).isTrue();
        assertThat(Files.exists(Path.of(n.path("home").asText(), "node.pid"))).isTrue();
        chains.add(n.path("chain_id").asText() + "/" + n.path("role").asText());
        if (n.path("role").asText().equals("full")) {
          assertThat(status(n.path("api").asText()).path("chain_id").asText())
              .as("%s's API serves its own chain", n.path("name"))
              .isEqualTo(n.path("chain_id").asText());
        }
      }
      assertThat(chains)
          .containsExactly(
              ChatChainApp.CHAIN_ID + "/validator",
              ChatChainApp.CHAIN_ID + "/full",
              CurrencyChainApp.CHAIN_ID + "/validator",
              CurrencyChainApp.CHAIN_ID + "/full");
      LocalChains opened = LocalChains.open(dir).orElseThrow();
      boolean relayed = opened.relayer().isPresent();
      if (relayed) {
        assertThat(network.path("relayer").path("pid").isNumber()).as("relayer pid").isTrue();
        LocalCluster currency = opened.chain(CurrencyChainApp.CHAIN_ID).orElseThrow();
        CliRun op =
            CliRun.exec(
                "tx",
                "xchain",
                "register-with-stake",
                "alice",
                "1000000ulat",
                "--from",
                "faucet",
                "--home",
                currency.members().get(0).home().root().toString(),
                "--keyring-backend",
                "test",
                "--node",
                currency.apiNode().orElseThrow().apiUrl(),
                "--gas",
                "1000000",
                "--gas-prices",
                "0.01ulat",
                "--yes",
                "--wait",
                "120s",
                "-o",
                "json");
        assertThat(op.exitCode()).as(op.toString()).isZero();
        assertThat(CliCommand.JSON.readTree(op.out()).path("status").asText())
            .as("the relayer carried the operation across: %s", op)
            .isEqualTo("AtomicSuccess");
      }
      assertThat(LocalCluster.open(dir).orElseThrow().chainId())
          .as("what bench load and one-chain tools target")
          .isEqualTo(CurrencyChainApp.CHAIN_ID);
      String chatApi =
          opened.chain(ChatChainApp.CHAIN_ID).orElseThrow().apiNode().orElseThrow().apiUrl();
      long before = status(chatApi).path("latest_block_height").asLong();
      assertThat(before).as("the chat API node follows its chain").isGreaterThanOrEqualTo(1);

      CliRun down = CliRun.exec("down", "--dir", dir.toString());
      assertThat(down.exitCode()).as(down.toString()).isZero();
      assertThat(down.out())
          .contains("Stopped 4 node(s)" + (relayed ? " and the relayer" : "") + " of");
      JsonNode after = CliCommand.JSON.readTree(dir.resolve("network.json").toFile());
      for (JsonNode n : after.path("nodes")) {
        assertThat(n.path("pid").isNull()).isTrue();
        assertThat(Files.exists(Path.of(n.path("home").asText(), "node.pid"))).isFalse();
      }
      assertThat(after.path("relayer").path("pid").isNumber()).isFalse();

      CliRun again = CliRun.exec(up);
      assertThat(again.exitCode()).as(again.toString()).isZero();
      assertThat(again.out()).contains("Resuming the local network in " + dir.toAbsolutePath());
      assertThat(status(chatApi).path("latest_block_height").asLong()).isGreaterThan(before);
    } finally {
      CliRun.exec("down", "--dir", dir.toString());
    }
  }

  @Test
  void upRefusesAnUnknownChain() {
    CliRun r = CliRun.exec("up", "--dir", tmp.resolve("x").toString(), "--chains", "chat,bitcoin");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("unknown chain 'bitcoin'");
    assertThat(Files.exists(tmp.resolve("x"))).isFalse();
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static JsonNode status(String api) throws Exception {
    String body =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(api + "/v1/status")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    return CliCommand.JSON.readTree(body);
  }
}
