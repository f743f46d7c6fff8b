package io.lattice.e2e.xchain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lattice.chains.ChatChainApp;
import io.lattice.chains.CurrencyChainApp;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.crypto.keyring.Backend;
import io.lattice.crypto.keyring.Keyring;
import io.lattice.crypto.keyring.PassphraseSource;
import io.lattice.node.cli.LatticeCli;
import io.lattice.node.config.HomeInitializer;
import io.lattice.node.load.NodeRest;
import io.lattice.node.local.LocalChains;
import io.lattice.node.local.LocalCluster;
import io.lattice.node.local.LocalPorts;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import picocli.CommandLine;

/**
 * The two-chain local network of {@code lattice up} (4 validators and an API node for each of the
 * chat and currency chains, and the relayer), created in a test directory with a random port base
 * and driven as a user does: {@code lattice up} / {@code down} in process, every node and the
 * relayer a separate JVM. Faults: {@link #kill} (SIGKILL of one node), {@link #stopRelayer}
 * (SIGTERM); {@link #up()} restarts whatever is down. {@link #close()} runs {@code down} and kills
 * any process it saw that is still alive (also from a shutdown hook if the test JVM stops first).
 */
final class TwoChainNetwork implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final LocalChains network;
  private final Set<Long> seenPids = new LinkedHashSet<>();
  private final Thread reaper = new Thread(this::killLeftovers, "xchain-e2e-reaper");

  private TwoChainNetwork(Path dir, LocalChains network) {
    this.dir = dir;
    this.network = network;
  }

  /** Creates and starts the network under {@code dir} ({@code lattice up} with free ports). */
  static TwoChainNetwork start(Path dir) throws Exception {
    Path root = dir.toAbsolutePath();
    int base = LocalPorts.randomBase();
    int code =
        cli(
            "up",
            "--dir",
            root.toString(),
            "--chat-api-port",
            Integer.toString(base),
            "--api-port",
            Integer.toString(base + 1),
            "--validator-api-port",
            Integer.toString(base + 2),
            "--p2p-port",
            Integer.toString(base + 30),
            "--wait",
            "240");
    LocalChains chains =
        LocalChains.open(root).orElseThrow(() -> new AssertionError("up wrote no network.json"));
    TwoChainNetwork net = new TwoChainNetwork(root, chains);
    Runtime.getRuntime().addShutdownHook(net.reaper);
    net.rememberPids();
    if (code != 0) {
      net.close();
      throw new AssertionError("lattice up failed (exit " + code + ")" + net.logTails());
    }
    return net;
  }

  private static int cli(String... args) {
    StringWriter out = new StringWriter();
    CommandLine cli = LatticeCli.newCommandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(out, true));
    int code = cli.execute(args);
    log("lattice " + args[0] + " (exit " + code + "):\n" + out);
    return code;
  }

  static void log(String line) {
    System.out.println(Instant.now() + " xchain-e2e: " + line);
    System.out.flush();
  }

  LocalCluster chat() {
    return network.chain(ChatChainApp.CHAIN_ID).orElseThrow();
  }

  LocalCluster currency() {
    return network.chain(CurrencyChainApp.CHAIN_ID).orElseThrow();
  }

  /** The API node ({@code full0}) of a chain: never killed by the tests. */
  static NodeRest api(LocalCluster chain) {
    LocalCluster.Member m = chain.apiNode().orElseThrow();
    return new NodeRest(m.name(), m.apiUrl());
  }

  static NodeRest node(LocalCluster.Member m) {
    return new NodeRest(m.name(), m.apiUrl());
  }

  /** The faucet key of a chain (test keyring of its first validator's home). */
  static PrivateKeySigner faucet(LocalCluster chain) throws Exception {
    return Keyring.open(chain.members().get(0).home().root(), Backend.TEST, PassphraseSource.none())
        .signer(HomeInitializer.FAUCET_KEY_NAME);
  }

  /** The operator address of the first genesis validator of {@code chain}. */
  static String firstOperator(LocalCluster chain) throws IOException {
    JsonNode genesis = JSON.readTree(chain.members().get(0).home().genesisJson().toFile());
    return genesis
        .path("app_state")
        .path("staking")
        .path("validators")
        .path(0)
        .path("operator_address")
        .asText();
  }

  /** SIGKILL of the node process of {@code m}. */
  void kill(LocalCluster.Member m) {
    OptionalLong pid = m.pid();
    if (pid.isEmpty()) {
      throw new AssertionError(m.name() + " is not running");
    }
    seenPids.add(pid.getAsLong());
    ProcessHandle.of(pid.getAsLong()).ifPresent(ProcessHandle::destroyForcibly);
    log("killed " + m.name() + " (pid " + pid.getAsLong() + ", SIGKILL)");
  }

  /** SIGTERM of the relayer; waits until it has exited. */
  void stopRelayer() throws InterruptedException {
    LocalChains.Relayer r = network.relayer().orElseThrow();
    OptionalLong pid = r.pid();
    if (pid.isEmpty()) {
      throw new AssertionError("the relayer is not running");
    }
    seenPids.add(pid.getAsLong());
    ProcessHandle p = ProcessHandle.of(pid.getAsLong()).orElseThrow();
    p.destroy();
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    if (p.isAlive()) {
      p.destroyForcibly();
    }
    log("stopped the relayer (pid " + pid.getAsLong() + ", SIGTERM)");
  }

  boolean relayerRunning() {
    return network.relayer().orElseThrow().pid().isPresent();
  }

  /** {@code lattice up --dir D}: restarts every node and the relayer that is down. */
  void up() {
    int code = cli("up", "--dir", dir.toString(), "--wait", "240");
    rememberPids();
    if (code != 0) {
      throw new AssertionError("lattice up failed (exit " + code + ")" + logTails());
    }
  }

  private void rememberPids() {
    for (LocalCluster.Member m : network.members()) {
      m.pid().ifPresent(seenPids::add);
    }
    network
        .relayer()
        .flatMap(r -> {
          OptionalLong p = r.pid();
          return p.isPresent() ? java.util.Optional.of(p.getAsLong()) : java.util.Optional.empty();
        })
        .ifPresent(seenPids::add);
  }

  /** The last lines of every node's and the relayer's log. */
  String logTails() {
    StringBuilder s = new StringBuilder();
    List<Path> logs = new ArrayList<>();
    for (LocalCluster.Member m : network.members()) {
      logs.add(m.logFile());
    }
    network.relayer().ifPresent(r -> logs.add(r.logFile()));
    for (Path log : logs) {
      s.append("\n--- ").append(log).append('\n');
      try {
        List<String> lines = Files.readAllLines(log);
        lines
            .subList(Math.max(0, lines.size() - 15), lines.size())
            .forEach(l -> s.append(l).append('\n'));
      } catch (IOException e) {
        s.append("(unreadable: ").append(e.getMessage()).append(")\n");
      }
    }
    return s.toString();
  }

  @Override
  public void close() {
    rememberPids();
    cli("down", "--dir", dir.toString());
    killLeftovers();
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
  }

  private void killLeftovers() {
    for (long pid : seenPids) {
      ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .ifPresent(ProcessHandle::destroyForcibly);
    }
  }
}
