package io.lattice.bench.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.common.Clock;
import io.lattice.node.cli.LatticeCli;
import io.lattice.node.config.ConfigException;
import io.lattice.node.config.ConfigFile;
import io.lattice.node.config.HomeInitializer;
import io.lattice.node.config.KeyFile;
import io.lattice.node.config.NodeConfig;
import io.lattice.node.config.NodeHome;
import io.lattice.node.load.NodeRest;
import io.lattice.node.local.LocalCluster;
import io.lattice.node.local.LocalPorts;
import io.lattice.p2p.NodeId;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code lattice up} network ({@link LocalCluster}: 4 validator processes and {@code full0}) in a
 * temp directory, with bench accounts funded in genesis, and extra full nodes started later for
 * block sync. Every node process it ever saw is killed by {@link #close()} and by a shutdown hook,
 * so a failed or interrupted run leaves nothing behind.
 */
final class BenchCluster implements AutoCloseable {
  static final int VALIDATORS = 4;

  private final Path dir;
  private final LocalCluster cluster;
  private final List<NodeRest> apis = new ArrayList<>();
  private final Set<Long> seenPids = new LinkedHashSet<>();
  private final List<Process> extra = new ArrayList<>();
  private final PrintWriter out;
  private final Thread reaper = new Thread(this::killAll, "bench-reaper");

  private BenchCluster(Path dir, LocalCluster cluster, PrintWriter out) {
    this.dir = dir;
    this.cluster = cluster;
    this.out = out;
    for (LocalCluster.Member m : cluster.members()) {
      apis.add(new NodeRest(m.name(), m.apiUrl()));
    }
    Runtime.getRuntime().addShutdownHook(reaper);
  }

  /**
   * Creates the homes (ports free now, from a random base below the ephemeral range), adds {@code
   * funded} to every home's genesis (all identical) and sets each node's mempool to {@code
   * mempoolTxs}.
   */
  static BenchCluster create(
      Path dir, List<String> funded, BigInteger amount, int mempoolTxs, PrintWriter out)
      throws IOException, ConfigException {
    int base = LocalPorts.randomBase();
    LocalCluster cluster = LocalCluster.create(dir.toAbsolutePath(), VALIDATORS, base, base + 50);
    List<NodeHome> homes = cluster.members().stream().map(LocalCluster.Member::home).toList();
    Path first = homes.get(0).genesisJson();
    ObjectNode genesis = (ObjectNode) NodeRest.JSON.readTree(first.toFile());
    ArrayNode balances = (ArrayNode) genesis.path("app_state").path("bank").path("balances");
    if (balances.isMissingNode() || balances.isEmpty()) {
      throw new IOException(first + " has no app_state.bank.balances to extend");
    }
    for (String address : funded) {
      ObjectNode entry = balances.addObject();
      entry.put("address", address);
      entry.putArray("coins").addObject().put("denom", "ulat").put("amount", amount.toString());
    }
    String text = NodeRest.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(genesis) + "\n";
    for (NodeHome home : homes) {
      Files.writeString(home.genesisJson(), text, StandardCharsets.UTF_8);
      NodeConfig c = ConfigFile.read(home.configToml());
      ConfigFile.write(home.configToml(), c.withMempool(mempoolTxs, 1L << 30));
    }
    return new BenchCluster(dir.toAbsolutePath(), cluster, out);
  }

  List<LocalCluster.Member> members() {
    return cluster.members();
  }

  List<NodeRest> apis() {
    return apis;
  }

  /** The validators' APIs. */
  List<NodeRest> validatorApis() {
    return apis.subList(0, VALIDATORS);
  }

  Path dir() {
    return dir;
  }

  /** Starts every stopped member and waits until the chain grows by {@code blocks}. */
  long up(int blocks) throws ConfigException, InterruptedException {
    cluster.startStopped(out);
    rememberPids();
    long h = cluster.awaitBlocks(blocks, Duration.ofMinutes(3), out);
    rememberPids();
    return h;
  }

  /** Stops every member with SIGTERM (SIGKILL after 30 s). */
  void down() throws InterruptedException {
    rememberPids();
    cluster.stopAll(out);
  }

  /** Sets every validator's block interval (the commit timeout); applies at the next start. */
  void setBlockInterval(Duration interval) throws ConfigException, IOException {
    for (LocalCluster.Member m : cluster.members()) {
      NodeConfig c = ConfigFile.read(m.home().configToml());
      ConfigFile.write(m.home().configToml(), c.withBlockInterval(interval));
    }
  }

  /** The pid of every member that runs now, by name. */
  List<ProcessHandle> running() {
    rememberPids();
    List<ProcessHandle> r = new ArrayList<>();
    for (LocalCluster.Member m : cluster.members()) {
      m.pid().ifPresent(pid -> ProcessHandle.of(pid).ifPresent(r::add));
    }
    return r;
  }

  /** Each member's process CPU time so far, in member order (zero for one not running). */
  List<Duration> cpuTimes() {
    List<Duration> r = new ArrayList<>();
    for (LocalCluster.Member m : cluster.members()) {
      r.add(
          m.pid().stream()
              .mapToObj(ProcessHandle::of)
              .flatMap(Optional::stream)
              .map(p -> p.info().totalCpuDuration().orElse(Duration.ZERO))
              .findFirst()
              .orElse(Duration.ZERO));
    }
    return r;
  }

  /** A new full node home of the same chain, peers = the validators; ports free now. */
  record ExtraNode(String name, NodeHome home, NodeRest api, Path log) {}

  ExtraNode initFullNode(String name) throws ConfigException, IOException {
    NodeHome home = new NodeHome(dir.resolve(name));
    new HomeInitializer(Clock.system(), new SecureRandom())
        .init(home, LocalCluster.CHAIN_ID, name, false);
    Files.copy(
        cluster.members().get(0).home().genesisJson(),
        home.genesisJson(),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    int api = LocalPorts.freePort(LocalPorts.randomBase());
    int p2p = LocalPorts.freePort(api + 1);
    List<String> peers = new ArrayList<>();
    for (LocalCluster.Member m : cluster.members().subList(0, VALIDATORS)) {
      peers.add(m.p2p());
    }
    NodeConfig c =
        ConfigFile.read(home.configToml())
            .withApiListen(new NodeConfig.HostPort("127.0.0.1", api))
            .withP2p(
                new NodeConfig.P2p(Optional.of(new NodeConfig.HostPort("127.0.0.1", p2p)), peers));
    ConfigFile.write(home.configToml(), c);
    Files.createDirectories(home.logsDir());
    return new ExtraNode(
        name,
        home,
        new NodeRest(name, "http://127.0.0.1:" + api),
        home.logsDir().resolve(name + ".log"));
  }

  /**
   * {@code lattice start --home H} as {@code lattice up} starts a node (same JVM and class path).
   */
  Process start(ExtraNode node) throws IOException {
    List<String> command = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      command.add("/usr/bin/setsid");
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(LatticeCli.class.getName());
    command.add("start");
    command.add("--home");
    command.add(node.home().root().toString());
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(node.log().toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    synchronized (this) {
      extra.add(p);
      seenPids.add(p.pid());
    }
    return p;
  }

  /** The P2P node id of a member, from its node key. */
  NodeId nodeId(int member) throws ConfigException {
    return NodeId.of(KeyFile.read(cluster.members().get(member).home().nodeKey()).publicKey());
  }

  private synchronized void rememberPids() {
    for (LocalCluster.Member m : cluster.members()) {
      m.pid().ifPresent(seenPids::add);
    }
  }

  /** Stops the extra nodes, then every member ({@code lattice down}), then kills what is left. */
  @Override
  public void close() {
    List<Process> started;
    synchronized (this) {
      started = List.copyOf(extra);
    }
    for (Process p : started) {
      p.toHandle().descendants().forEach(ProcessHandle::destroy);
      p.destroy();
    }
    try {
      down();
      for (Process p : started) {
        if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    killAll();
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
  }

  private void killAll() {
    List<Long> pids;
    synchronized (this) {
      rememberPids();
      pids = List.copyOf(seenPids);
    }
    for (long pid : pids) {
      ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .ifPresent(p -> {
            System.out.println("killing leftover node process " + pid);
            p.destroyForcibly();
          });
    }
  }

  /** The member's API with this name. */
  NodeRest api(String name) {
    return apis.stream()
        .filter(a -> a.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no node " + name));
  }

  static JsonNode require(Optional<JsonNode> v, String what) throws IOException {
    return v.orElseThrow(() -> new IOException(what + ": no answer"));
  }
}
