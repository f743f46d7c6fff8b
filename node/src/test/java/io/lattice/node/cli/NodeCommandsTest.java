package io.lattice.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lattice.node.chain.LatticeNode;
import io.lattice.node.config.NodeHome;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lattice init} and {@code start} ({@code up} and {@code down}: {@link UpDownTest}). */
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
}
