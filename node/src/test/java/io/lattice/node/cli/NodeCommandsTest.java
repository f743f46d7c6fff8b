package io.lattice.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lattice.node.chain.LatticeNode;
import io.lattice.node.config.NodeHome;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
  void upCreatesThenResumesTheLocalNetwork() throws Exception {
    Path dir = tmp.resolve("local");
    List<String> first = runUpUntilStop(dir);
    assertThat(first).anyMatch(l -> l.startsWith("Created local network in " + dir));
    assertThat(first).anyMatch(l -> l.contains("faucet:  lat1"));
    assertThat(first).anyMatch(l -> l.contains("logs:    " + dir.resolve("node0/logs/node0.log")));
    assertThat(Files.exists(dir.resolve("node0/config/genesis.json"))).isTrue();

    List<String> second = runUpUntilStop(dir);
    assertThat(second).anyMatch(l -> l.startsWith("Resumed local network in " + dir));
    assertThat(second)
        .anyMatch(l -> l.contains("chain lattice-currency-1, height ") && !l.endsWith("height 0)"));
  }

  private static void awaitFirstBlock(String api) throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      String status =
          http.send(
                  java.net.http.HttpRequest.newBuilder(java.net.URI.create(api + "/v1/status"))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString())
              .body();
      if (CliCommand.JSON.readTree(status).path("latest_block_height").asLong() >= 1) {
        return;
      }
      Thread.sleep(100);
    }
  }

  /**
   * Runs {@code lattice up} in a child JVM until its banner is printed and it has committed a
   * block, then stops it with SIGTERM; returns its stdout lines.
   */
  private static List<String> runUpUntilStop(Path dir) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "io.lattice.node.cli.LatticeCli",
                "up",
                "--dir",
                dir.toString(),
                "--api",
                "127.0.0.1:0")
            .redirectErrorStream(true)
            .start();
    List<String> lines = new ArrayList<>();
    String api = null;
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        lines.add(line);
        if (line.startsWith("  API:     http://")) {
          api = line.substring("  API:     ".length()).strip();
        }
        if (line.contains("stop:    press Ctrl-C") && api != null) {
          try {
            awaitFirstBlock(api);
          } catch (Exception e) {
            p.destroy();
            throw new AssertionError(
                "no block from " + api + ": " + e + "\noutput:\n" + String.join("\n", lines), e);
          }
          p.destroy();
        }
      }
    } catch (java.io.IOException streamClosedByDestroy) {
      // The child's output ends when it stops.
    } finally {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    assertThat(lines)
        .as(String.join("\n", lines))
        .anyMatch(l -> l.startsWith("  API:     http://"));
    return lines;
  }
}
