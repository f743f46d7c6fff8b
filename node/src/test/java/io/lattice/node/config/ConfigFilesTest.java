package io.lattice.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.common.Clock;
import io.lattice.staking.StakingModule;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFilesTest {
  @TempDir Path tmp;

  private NodeHome init() throws ConfigException {
    NodeHome home = new NodeHome(tmp.resolve("home"));
    new HomeInitializer(() -> Instant.parse("2026-01-02T03:04:05.678Z"), new SecureRandom())
        .init(home, "chain-a", "alpha", false);
    return home;
  }

  private Path toml(String text) throws Exception {
    Path file = tmp.resolve("config.toml");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void initWritesAHomeThatLoads() throws Exception {
    NodeHome home = init();
    NodeFiles files = NodeFiles.load(home);
    assertThat(files.config().moniker()).isEqualTo("alpha");
    assertThat(files.genesis().chainId()).isEqualTo("chain-a");
    assertThat(files.genesis().genesisTime()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
    assertThat(files.validatorSet().getValidatorsCount()).isEqualTo(1);
    assertThat(files.validatorSet().getValidators(0).getAddress().toByteArray())
        .isEqualTo(files.validatorKey().publicKey().address().bytes());
    assertThat(Files.isDirectory(home.keyringTestDir())).isTrue();
    assertThat(Files.isDirectory(home.dataDir())).isTrue();
    // staking's genesis bonds the same validator with the same power
    JsonNode staking = new ObjectMapper().readTree(files.genesis().appStateJson()).get("staking");
    assertThat(StakingModule.genesisValidatorSet(staking))
        .containsExactly(
            java.util.Map.entry(files.validatorKey().publicKey().address().toString(), 10L));
  }

  @Test
  void initRefusesAnExistingHomeUnlessOverwrite() throws Exception {
    NodeHome home = init();
    String genesisBefore = Files.readString(home.genesisJson());
    HomeInitializer again = new HomeInitializer(Clock.system(), new SecureRandom());
    assertThatThrownBy(() -> again.init(home, "chain-b", "beta", false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("already holds a node")
        .hasMessageContaining("--overwrite");
    assertThat(Files.readString(home.genesisJson())).isEqualTo(genesisBefore);
    again.init(home, "chain-b", "beta", true);
    assertThat(NodeFiles.load(home).genesis().chainId()).isEqualTo("chain-b");
  }

  @Test
  void initRejectsABadChainId() {
    HomeInitializer init = new HomeInitializer(Clock.system(), new SecureRandom());
    assertThatThrownBy(() -> init.init(new NodeHome(tmp.resolve("x")), "bad chain!", "m", false))
        .hasMessageStartingWith("invalid chain id 'bad chain!'");
    assertThat(Files.exists(tmp.resolve("x").resolve("config"))).isFalse();
  }

  @Test
  void p2pSettingsRoundTripAndBadOnesNameTheKey() throws Exception {
    NodeConfig config =
        NodeConfig.defaults("n1")
            .withP2p(
                new NodeConfig.P2p(
                    Optional.of(NodeConfig.HostPort.parse("127.0.0.1:26656")),
                    List.of("0123456789abcdef0123456789abcdef01234567@127.0.0.1:26657")));
    Path file = tmp.resolve("p.toml");
    ConfigFile.write(file, config);
    assertThat(ConfigFile.read(file)).isEqualTo(config);
    assertThat(ConfigFile.read(toml("moniker = \"m\"\n")).p2p()).isEqualTo(NodeConfig.P2p.DISABLED);
    assertThatThrownBy(() -> ConfigFile.read(toml("[p2p]\npersistent_peers = [1]\n")))
        .hasMessageContaining("p2p.persistent_peers")
        .hasMessageContaining("element 0 is not a string");
    assertThatThrownBy(() -> ConfigFile.read(toml("[p2p]\nlisten = \"nowhere\"\n")))
        .hasMessageContaining("p2p.listen");
  }

  @Test
  void discoverySettingsRoundTripWithDefaultsAndBoundedLimits() throws Exception {
    NodeConfig.P2p p2p =
        new NodeConfig.P2p(Optional.of(NodeConfig.HostPort.parse("127.0.0.1:26656")), List.of())
            .withSeeds(List.of("0123456789abcdef0123456789abcdef01234567@seed.example:26656"))
            .withDiscovery(false)
            .withPeerLimits(4, 12);
    NodeConfig config = NodeConfig.defaults("n1").withP2p(p2p);
    Path file = tmp.resolve("d.toml");
    ConfigFile.write(file, config);
    assertThat(ConfigFile.read(file)).isEqualTo(config);
    NodeConfig.P2p defaults = ConfigFile.read(toml("[p2p]\nlisten = \"127.0.0.1:1\"\n")).p2p();
    assertThat(defaults.seeds()).isEmpty();
    assertThat(defaults.discovery()).isTrue();
    assertThat(defaults.outboundPeers()).isEqualTo(NodeConfig.P2p.DEFAULT_OUTBOUND_PEERS);
    assertThat(defaults.maxInboundPeers()).isEqualTo(NodeConfig.P2p.DEFAULT_MAX_INBOUND_PEERS);
    assertThatThrownBy(() -> ConfigFile.read(toml("[p2p]\noutbound_peers = -1\n")))
        .hasMessageContaining("p2p.outbound_peers")
        .hasMessageContaining("must not be negative");
    assertThatThrownBy(() -> ConfigFile.read(toml("[p2p]\nmax_inbound_peers = 100000\n")))
        .hasMessageContaining("p2p.max_inbound_peers")
        .hasMessageContaining("at most 10000");
    assertThatThrownBy(() -> ConfigFile.read(toml("[p2p]\ndiscovery = \"yes\"\n")))
        .hasMessageContaining("p2p.discovery")
        .hasMessageContaining("true or false");
    assertThatThrownBy(() -> ConfigFile.read(toml("[p2p]\nseeds = \"a\"\n")))
        .hasMessageContaining("p2p.seeds");
  }

  @Test
  void configRoundTripsAndDefaultsApply() throws Exception {
    NodeConfig config =
        NodeConfig.defaults("n1")
            .withBlockInterval(Duration.ofMillis(250))
            .withTimeouts(
                new NodeConfig.Timeouts(
                    Duration.ofMillis(1500),
                    Duration.ZERO,
                    Duration.ofMillis(700),
                    Duration.ofMillis(250)))
            .withApiListen(NodeConfig.HostPort.parse("0.0.0.0:9000"));
    Path file = tmp.resolve("c.toml");
    ConfigFile.write(file, config);
    assertThat(ConfigFile.read(file)).isEqualTo(config);
    NodeConfig minimal = ConfigFile.read(toml("moniker = \"m\"\n"));
    assertThat(minimal.apiListen()).isEqualTo(new NodeConfig.HostPort("127.0.0.1", 8546));
    assertThat(minimal.blockInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(minimal.mempoolMaxTxs()).isEqualTo(5000);
    assertThat(minimal.mempoolMaxBytes()).isEqualTo(67108864);
    assertThat(minimal.minGasPrice()).isEqualTo(new BigDecimal("0.01"));
    assertThat(minimal.blockMaxBytes()).isEqualTo(Optional.empty());
    assertThat(minimal.timeouts()).isEqualTo(NodeConfig.Timeouts.defaults());
    assertThat(minimal.timeouts().propose()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void consensusTimeoutErrorsNameTheKey() throws Exception {
    Path f = toml("[consensus]\ntimeout_propose = \"0ms\"\n");
    assertThatThrownBy(() -> ConfigFile.read(f))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(f + ": consensus.timeout_propose: must be positive");
    Path g = toml("[consensus]\ntimeout_vote_delta = \"later\"\n");
    assertThatThrownBy(() -> ConfigFile.read(g))
        .hasMessageStartingWith(g + ": consensus.timeout_vote_delta: invalid duration 'later'");
  }

  @Test
  void configErrorsNameTheFileAndTheKey() throws Exception {
    Path f = toml("[consensus]\nblock_interval = \"soon\"\n");
    assertThatThrownBy(() -> ConfigFile.read(f))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(f + ": consensus.block_interval: invalid duration 'soon'");
    Path g = toml("[mempool]\nmax_txs = -5\n");
    assertThatThrownBy(() -> ConfigFile.read(g))
        .hasMessageStartingWith(g + ": mempool.max_txs: must be between 1 and");
    Path h = toml("[api]\nlisten = \"localhost\"\n");
    assertThatThrownBy(() -> ConfigFile.read(h))
        .hasMessage(h + ": api.listen: expected HOST:PORT, got 'localhost'");
    Path i = toml("[mempool]\nmax_tx = 5\n");
    assertThatThrownBy(() -> ConfigFile.read(i))
        .hasMessageStartingWith(i + ": mempool.max_tx: unknown key");
    Path j = toml("moniker = \n");
    assertThatThrownBy(() -> ConfigFile.read(j)).hasMessageStartingWith(j + ": invalid TOML");
    Path k = toml("[log]\nformat = \"xml\"\n");
    assertThatThrownBy(() -> ConfigFile.read(k))
        .hasMessage(k + ": log.format: must be \"text\" or \"json\", got \"xml\"");
    assertThatThrownBy(() -> ConfigFile.read(tmp.resolve("missing.toml")))
        .hasMessageContaining("missing.toml: file not found");
  }

  @Test
  void genesisErrorsNameTheFileAndTheField() throws Exception {
    NodeHome home = init();
    ObjectMapper json = new ObjectMapper();
    ObjectNode good = (ObjectNode) json.readTree(home.genesisJson().toFile());

    ObjectNode badTime = good.deepCopy();
    badTime.put("genesis_time", "yesterday");
    assertThatThrownBy(() -> GenesisFile.parse(home.genesisJson(), badTime))
        .hasMessageStartingWith(home.genesisJson() + ": genesis_time: not an RFC 3339");

    ObjectNode badAddress = good.deepCopy();
    ((ObjectNode) badAddress.withArray("validators").get(0))
        .put("address", "lat1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqnrql8a");
    assertThatThrownBy(() -> GenesisFile.parse(home.genesisJson(), badAddress))
        .hasMessageContaining("validators[0].address");

    ObjectNode badPower = good.deepCopy();
    ((ObjectNode) badPower.withArray("validators").get(0)).put("power", 0);
    assertThatThrownBy(() -> GenesisFile.parse(home.genesisJson(), badPower))
        .hasMessage(home.genesisJson() + ": validators[0].power: must be positive");

    ObjectNode noApp = good.deepCopy();
    noApp.remove("app_state");
    assertThatThrownBy(() -> GenesisFile.parse(home.genesisJson(), noApp))
        .hasMessage(home.genesisJson() + ": app_state: must be a JSON object");

    Files.writeString(home.genesisJson(), "{ not json");
    assertThatThrownBy(() -> GenesisFile.read(home.genesisJson()))
        .hasMessageStartingWith(home.genesisJson() + ": malformed JSON");
  }

  @Test
  void theLockNamesTheOwner() throws Exception {
    NodeHome home = new NodeHome(tmp.resolve("locked"));
    try (NodeLock lock = NodeLock.acquire(home)) {
      assertThat(Files.readString(home.pidFile()).strip())
          .isEqualTo(Long.toString(ProcessHandle.current().pid()));
      assertThatThrownBy(() -> NodeLock.acquire(home))
          .hasMessage(
              "another Lattice node is already running on "
                  + home
                  + " (pid "
                  + ProcessHandle.current().pid()
                  + ")");
    }
    assertThat(Files.exists(home.pidFile())).isFalse();
    NodeLock.acquire(home).close();
  }

  @Test
  void durationsParseAndFormat() {
    assertThat(NodeConfig.parseDuration("100ms")).isEqualTo(Duration.ofMillis(100));
    assertThat(NodeConfig.parseDuration("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(NodeConfig.formatDuration(Duration.ofMinutes(5))).isEqualTo("5m");
    assertThat(NodeConfig.formatDuration(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThatThrownBy(() -> NodeConfig.parseDuration("1.5s"))
        .hasMessageStartingWith("invalid duration '1.5s'");
  }
}
