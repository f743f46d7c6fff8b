package io.lattice.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lattice.node.chain.LatticeNode;
import io.lattice.node.config.NodeHome;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lattice init}, {@code start} and {@code up}. */
class NodeCommandsTest {
  @TempDir Path tmp;

  @Test
  void initPrintsAddressesAndTheKeyringSeesTheKeys() throws Exception {
    String home = tmp.resolve("h").toString();
    CliRun init =
        CliRun.exec("init", "--home", home, "--chain-id", "c-1", "--moniker", "m", "-o", "json");
    assertThat(init.exitCode()).as(init.toString()).isZero();
    JsonNode out = CliCommand.JSON.readTree(init.out());
    assertThat(out.path("chain_id").asText()).isEqualTo("c-1");
    assertThat(out.path("faucet_address").asText()).startsWith("lat1");

    CliRun keys =
        CliRun.exec("keys", "list", "--home", home, "--keyring-backend", "test", "-o", "json");
    assertThat(keys.exitCode()).as(keys.toString()).isZero();
    assertThat(keys.out())
        .contains("\"faucet\"")
        .contains("\"validator\"")
        .contains(out.path("faucet_address").asText())
        .contains(out.path("validator_address").asText());

    CliRun again = CliRun.exec("init", "--home", home, "--chain-id", "c-2");
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).contains("already holds a node").contains("--overwrite");

    CliRun text = CliRun.exec("init", "--home", home, "--chain-id", "c-2", "--overwrite");
    assertThat(text.exitCode()).as(text.toString()).isZero();
    assertThat(text.out()).contains("for chain c-2").contains("faucet address:");
  }

  @Test
  void startNamesTheBrokenFileAndExitsWithOne() throws Exception {
    Path home = tmp.resolve("h");
    CliRun missing = CliRun.exec("start", "--home", home.toString());
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("config.toml: file not found (run `lattice init` first)");

    CliRun.exec("init", "--home", home.toString(), "--chain-id", "c-1");
    Path config = new NodeHome(home).configToml();
    Files.writeString(
        config,
        Files.readString(config).replace("block_interval = \"1s\"", "block_interval = \"fast\""));
    CliRun bad = CliRun.exec("start", "--home", home.toString());
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.err())
        .isEqualTo(
            "Error: "
                + config
                + ": consensus.block_interval: invalid duration 'fast', expected e.g. \"100ms\","
                + " \"1s\", \"5m\", \"2h\"\n");

    CliRun badApi = CliRun.exec("start", "--home", home.toString(), "--api", "nowhere");
    assertThat(badApi.exitCode()).isEqualTo(2);
  }

  @Test
  void startIsRefusedWhileAnotherNodeRunsOnTheHome() throws Exception {
    Path home = tmp.resolve("h");
    CliRun.exec("init", "--home", home.toString(), "--chain-id", "c-1");
    try (LatticeNode running =
        LatticeNode.start(new NodeHome(home), LatticeNode.Options.defaults().withoutApi())) {
      CliRun second = CliRun.exec("start", "--home", home.toString(), "--api", "127.0.0.1:0");
      assertThat(second.exitCode()).isEqualTo(1);
      assertThat(second.err())
          .contains(
              "another Lattice node is already running on "
                  + new NodeHome(home)
                  + " (pid "
                  + ProcessHandle.current().pid()
                  + ")");
      assertThat(running.chain().chainId()).isEqualTo("c-1");
    }
  }

  @Test
  void upStartsNodeProcessesDownStopsThemAndUpResumes() throws Exception {
    Path dir = tmp.resolve("local");
    String[] up = {
      "up",
      "--dir",
      dir.toString(),
      "--validators",
      "2",
      "--api-port",
      Integer.toString(freePort()),
      "--p2p-port",
      Integer.toString(freePort()),
      "--wait",
      "120"
    };
    try {
      CliRun first = CliRun.exec(up);
      assertThat(first.exitCode()).as(first.toString()).isZero();
      assertThat(first.out())
          .contains("Creating a local network in " + dir.toAbsolutePath())
          .contains("Local network is up")
          .contains("faucet:  lat1");
      JsonNode network = CliCommand.JSON.readTree(dir.resolve("network.json").toFile());
      assertThat(network.path("nodes")).hasSize(3);
      for (JsonNode n : network.path("nodes")) {
        assertThat(n.path("pid").isNumber()).as("pid of %s", n.path("name")).isTrue();
        assertThat(Files.exists(Path.of(n.path("home").asText(), "node.pid"))).isTrue();
      }
      assertThat(network.path("nodes").get(2).path("role").asText()).isEqualTo("full");
      String api = network.path("nodes").get(2).path("api").asText();
      long before = height(api);
      assertThat(before).as("the full node follows the chain").isGreaterThanOrEqualTo(1);

      CliRun down = CliRun.exec("down", "--dir", dir.toString());
      assertThat(down.exitCode()).as(down.toString()).isZero();
      assertThat(down.out()).contains("Stopped 3 node(s)");
      for (JsonNode n :
          CliCommand.JSON.readTree(dir.resolve("network.json").toFile()).path("nodes")) {
        assertThat(n.path("pid").isNull()).isTrue();
        assertThat(Files.exists(Path.of(n.path("home").asText(), "node.pid"))).isFalse();
      }

      CliRun again = CliRun.exec(up);
      assertThat(again.exitCode()).as(again.toString()).isZero();
      assertThat(again.out()).contains("Resuming the local network in " + dir.toAbsolutePath());
      assertThat(height(api)).isGreaterThan(before);
    } finally {
      CliRun.exec("down", "--dir", dir.toString());
    }
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static long height(String api) throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    String status =
        http.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(api + "/v1/status"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString())
            .body();
    return CliCommand.JSON.readTree(status).path("latest_block_height").asLong();
  }
}
