package io.lattice.e2e;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lattice.common.Clock;
import io.lattice.crypto.Address;
import io.lattice.node.cli.LatticeCli;
import io.lattice.node.config.ConfigFile;
import io.lattice.node.config.HomeInitializer;
import io.lattice.node.config.KeyFile;
import io.lattice.node.config.NodeConfig;
import io.lattice.node.config.NodeHome;
import io.lattice.node.local.LocalCluster;
import io.lattice.node.local.LocalPorts;
import io.lattice.p2p.NodeId;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import picocli.CommandLine;

/**
 * A local network of separate node processes made by {@code lattice up}: 4 validators and {@code
 * full0} on 127.0.0.1, each link between two nodes running through its own {@link TcpRelay} so one
 * node can be cut off from all the others. Faults: {@link #kill}, {@link #pause}/{@link #resume},
 * {@link #cut}/{@link #heal}; {@link #up()} restarts every node of {@code network.json} that is
 * down. {@link #addFullNode} adds a full node later (not in {@code network.json}: {@code up} does
 * not restart it, {@link #startOne} does). {@link #close()} runs {@code down}, then kills any node
 * process it ever saw that is still alive.
 */
final class Network implements AutoCloseable {
  static final int VALIDATORS = 4;

  /**
   * How a network is made: {@code config} edits every home's config.toml before the first start
   * (and the config of each {@link #addFullNode added} node); {@code mainClasses} runs the given
   * nodes (by index) with another main class than {@link LatticeCli}, a test-only node build that
   * takes the arguments of {@code lattice start --home H}. {@code lattice up} starts such a node as
   * the product again.
   */
  record Setup(UnaryOperator<NodeConfig> config, Map<Integer, String> mainClasses) {
    Setup {
      mainClasses = Map.copyOf(mainClasses);
    }

    static Setup standard() {
      return new Setup(UnaryOperator.identity(), Map.of());
    }

    Setup withConfig(UnaryOperator<NodeConfig> edit) {
      UnaryOperator<NodeConfig> before = config;
      return new Setup(c -> edit.apply(before.apply(c)), mainClasses);
    }

    Setup withMainClass(int node, Class<?> main) {
      Map<Integer, String> m = new HashMap<>(mainClasses);
      m.put(node, main.getName());
      return new Setup(config, m);
    }
  }

  private final Path dir;
  private final Setup setup;

  /** How many nodes {@code network.json} lists ({@code lattice up} / {@code down} manage them). */
  private final int listed;

  /** The nodes, by index: those of {@code network.json} in its order, then the added ones. */
  private final List<LocalCluster.Member> members = new CopyOnWriteArrayList<>();

  private final List<NodeApi> apis = new CopyOnWriteArrayList<>();

  /** relays.get(i) are the relays that node i's connections (dialled or accepted) go through. */
  private final Map<Integer, List<TcpRelay>> relaysOf = new HashMap<>();

  private final List<TcpRelay> relays = new ArrayList<>();
  private final Set<Long> seenPids = new LinkedHashSet<>();
  private final Set<Integer> paused = new LinkedHashSet<>();

  /** Kills what is left if the test JVM itself is stopped before {@link #close()}. */
  private final Thread reaper = new Thread(this::killLeftovers, "e2e-reaper");

  private Network(Path dir, LocalCluster cluster, Setup setup) {
    this.dir = dir;
    this.setup = setup;
    this.listed = cluster.members().size();
    Runtime.getRuntime().addShutdownHook(reaper);
    for (LocalCluster.Member m : cluster.members()) {
      members.add(m);
      apis.add(new NodeApi(m.name(), m.apiUrl()));
    }
  }

  /** {@link #start(Path, Setup)} with {@link Setup#standard()}. */
  static Network start(Path dir) throws Exception {
    return start(dir, Setup.standard());
  }

  /**
   * Creates the homes under {@code dir} with ports free at this moment, applies {@code setup}'s
   * config edits, routes every peer link through a relay, starts the nodes that {@code setup} runs
   * with another main class, then the others with {@code lattice up}.
   */
  static Network start(Path dir, Setup setup) throws Exception {
    int base = LocalPorts.randomBase();
    LocalCluster cluster = LocalCluster.create(dir.toAbsolutePath(), VALIDATORS, base, base + 50);
    Network net = new Network(dir.toAbsolutePath(), cluster, setup);
    try {
      for (LocalCluster.Member m : cluster.members()) {
        Path toml = m.home().configToml();
        ConfigFile.write(toml, setup.config().apply(ConfigFile.read(toml)));
      }
      net.routeThroughRelays();
      for (int node : setup.mainClasses().keySet()) {
        net.startOne(node);
      }
      net.up();
    } catch (Exception | Error e) {
      net.close();
      throw e;
    }
    return net;
  }

  /**
   * Creates the home of a new non-validator full node {@code name} under the network's directory as
   * {@code lattice up} makes {@code full0}'s ({@code lattice init}, then the network's genesis),
   * listening on free ports of 127.0.0.1, with the validators as persistent peers (dialled
   * directly, not through relays) and the network's config edits, then {@code edits}; starts it
   * ({@code lattice start --home H}) and returns its index. It does not wait for blocks.
   */
  int addFullNode(String name, UnaryOperator<NodeConfig> edits) throws Exception {
    NodeHome home = new NodeHome(dir.resolve(name));
    if (Files.exists(home.root())) {
      throw new IllegalArgumentException(home.root() + " exists already");
    }
    new HomeInitializer(Clock.system(), new SecureRandom())
        .init(home, LocalCluster.CHAIN_ID, name, false);
    Files.copy(
        members.get(0).home().genesisJson(),
        home.genesisJson(),
        StandardCopyOption.REPLACE_EXISTING);
    List<String> validators = new ArrayList<>();
    for (int i = 0; i < VALIDATORS; i++) {
      validators.add(members.get(i).p2p());
    }
    int apiPort = LocalPorts.freePort(LocalPorts.randomBase());
    int p2pPort = LocalPorts.freePort(apiPort + 1);
    NodeConfig config =
        setup
            .config()
            .apply(ConfigFile.read(home.configToml()))
            .withApiListen(new NodeConfig.HostPort("127.0.0.1", apiPort))
            .withP2p(
                new NodeConfig.P2p(
                    Optional.of(new NodeConfig.HostPort("127.0.0.1", p2pPort)), validators));
    ConfigFile.write(home.configToml(), edits.apply(config));
    String p2p =
        NodeId.of(KeyFile.read(home.nodeKey()).publicKey()).hex() + "@127.0.0.1:" + p2pPort;
    LocalCluster.Member member =
        new LocalCluster.Member(name, "full", home, "http://127.0.0.1:" + apiPort, p2p);
    int index;
    synchronized (this) {
      members.add(member);
      apis.add(new NodeApi(name, member.apiUrl()));
      index = members.size() - 1;
    }
    log("created " + name + " (" + home.root() + ", API " + member.apiUrl() + ")");
    startOne(index);
    return index;
  }

  /**
   * Rewrites each home's {@code [p2p] persistent_peers} so that node i dials node j at the port of
   * a relay i→j that forwards to j's real P2P port. Every node dials every other, so each link is
   * relayed both ways.
   */
  private void routeThroughRelays() throws Exception {
    for (int i = 0; i < members.size(); i++) {
      relaysOf.put(i, new ArrayList<>());
    }
    for (int i = 0; i < members.size(); i++) {
      LocalCluster.Member m = members.get(i);
      List<String> peers = new ArrayList<>();
      for (int j = 0; j < members.size(); j++) {
        if (i == j) {
          continue;
        }
        String target = members.get(j).p2p();
        int targetPort = Integer.parseInt(target.substring(target.lastIndexOf(':') + 1));
        TcpRelay relay = new TcpRelay(m.name() + "->" + members.get(j).name(), targetPort);
        relays.add(relay);
        relaysOf.get(i).add(relay);
        relaysOf.get(j).add(relay);
        peers.add(target.substring(0, target.indexOf('@')) + "@127.0.0.1:" + relay.port());
      }
      NodeConfig config = ConfigFile.read(m.home().configToml());
      ConfigFile.write(
          m.home().configToml(), config.withP2p(new NodeConfig.P2p(config.p2p().listen(), peers)));
    }
  }

  /** {@code lattice up --dir D}: starts every node that is not running and waits for blocks. */
  void up() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = LatticeCli.newCommandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute("up", "--dir", dir.toString(), "--wait", "120");
    rememberPids();
    if (code != 0) {
      throw new AssertionError("lattice up failed (exit " + code + "):\n" + out + err + logTails());
    }
  }

  /**
   * {@code lattice start --home H} for one node, as {@code up} starts each node (same JVM options
   * and class path, its own session, log appended), for scenarios that restart one node while
   * another stays down ({@code up} restarts them all) and for added nodes. A node that the {@link
   * Setup} gives another main class is started with that one.
   */
  void startOne(int node) throws IOException {
    LocalCluster.Member m = members.get(node);
    if (m.pid().isPresent()) {
      throw new AssertionError(m.name() + " is running already");
    }
    Files.createDirectories(m.home().logsDir());
    List<String> command = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      command.add("/usr/bin/setsid");
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(setup.mainClasses().getOrDefault(node, LatticeCli.class.getName()));
    command.add("start");
    command.add("--home");
    command.add(m.home().root().toString());
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(m.logFile().toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    seenPids.add(p.pid());
    await(m.name() + " writes node.pid")
        .atMost(Duration.ofSeconds(60))
        .until(() -> m.pid().isPresent() || !p.isAlive());
    if (!p.isAlive()) {
      throw new AssertionError(m.name() + " exited at start:" + logTails());
    }
    rememberPids();
    log("started " + m.name() + " (pid " + p.pid() + ", " + command.get(command.size() - 4) + ")");
  }

  private void rememberPids() {
    for (LocalCluster.Member m : members) {
      m.pid().ifPresent(seenPids::add);
    }
  }

  List<NodeApi> apis() {
    return apis;
  }

  NodeApi api(int node) {
    return apis.get(node);
  }

  int size() {
    return apis.size();
  }

  String name(int node) {
    return apis.get(node).name();
  }

  /** The faucet key's home (node0). */
  Path faucetHome() {
    return members.get(0).home().root();
  }

  /** The home directory of {@code node}. */
  Path home(int node) {
    return members.get(node).home().root();
  }

  /** The bech32 consensus address of validator {@code node} (from its key file). */
  String consensusAddress(int node) {
    try {
      return KeyFile.read(members.get(node).home().validatorKey()).publicKey().address().toString();
    } catch (Exception e) {
      throw new AssertionError("cannot read the validator key of " + name(node), e);
    }
  }

  /**
   * The hex consensus address of validator {@code node}, as in commit signatures; checked to be in
   * the validator set that node0 serves.
   */
  String validatorAddress(int node) {
    Address address;
    try {
      address = KeyFile.read(members.get(node).home().validatorKey()).publicKey().address();
    } catch (Exception e) {
      throw new AssertionError("cannot read the validator key of " + name(node), e);
    }
    JsonNode set =
        apis.get(0)
            .validators()
            .orElseThrow(() -> new AssertionError("node0 does not answer GET /v1/validators"));
    boolean member = false;
    for (JsonNode v : set.path("validators")) {
      member |= v.path("address").asText().equals(address.toString());
    }
    if (!member) {
      throw new AssertionError(
          name(node) + " (" + address + ") is not in the validator set " + set);
    }
    return HexFormat.of().formatHex(address.bytes());
  }

  private long pid(int node) {
    OptionalLong pid = members.get(node).pid();
    if (pid.isEmpty()) {
      throw new AssertionError(name(node) + " is not running");
    }
    seenPids.add(pid.getAsLong());
    return pid.getAsLong();
  }

  /** {@code kill -9}: the process dies at once, mid-write if it was writing. */
  void kill(int node) {
    long pid = pid(node);
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    await("death of " + name(node))
        .atMost(Duration.ofSeconds(30))
        .until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    log("killed " + name(node) + " (pid " + pid + ")");
  }

  /** {@code kill -STOP}: the process is frozen, its sockets stay open. */
  void pause(int node) throws IOException, InterruptedException {
    signal(node, "STOP");
    paused.add(node);
  }

  /** {@code kill -CONT}. */
  void resume(int node) throws IOException, InterruptedException {
    signal(node, "CONT");
    paused.remove(node);
  }

  private void signal(int node, String signal) throws IOException, InterruptedException {
    long pid = pid(node);
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new AssertionError("kill -" + signal + " " + pid + " failed");
    }
    log("SIG" + signal + " " + name(node) + " (pid " + pid + ")");
  }

  /** Cuts every link of {@code node} (both directions) and keeps it cut until {@link #heal}. */
  void cut(int node) {
    relaysOf.get(node).forEach(TcpRelay::cut);
    log("cut " + name(node) + " off");
  }

  void heal(int node) {
    relaysOf.get(node).forEach(TcpRelay::heal);
    log("healed " + name(node));
  }

  /** The greatest height any answering node reports. */
  long maxHeight() {
    return apis.stream()
        .flatMap(a -> a.height().stream())
        .mapToLong(Long::longValue)
        .max()
        .orElse(0);
  }

  /** Waits until every node answers at {@code height} or above. */
  void awaitAllAt(long height, Duration timeout) {
    await("every node at height " + height)
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> apis.stream().allMatch(a -> a.height().orElse(-1L) >= height));
  }

  /** The last {@code lines} lines of each node's log, for a failure message. */
  String logTails() {
    StringBuilder b = new StringBuilder();
    for (LocalCluster.Member m : members) {
      b.append("\n===== ").append(m.name()).append(" log (").append(m.logFile()).append(") tail\n");
      try {
        List<String> all = Files.readAllLines(m.logFile(), StandardCharsets.UTF_8);
        for (String line : all.subList(Math.max(0, all.size() - 40), all.size())) {
          b.append(line).append('\n');
        }
      } catch (IOException e) {
        b.append("(unreadable: ").append(e.getMessage()).append(")\n");
      }
    }
    return b.toString();
  }

  static void log(String message) {
    System.out.printf("[e2e %tT] %s%n", System.currentTimeMillis(), message);
  }

  @Override
  public void close() {
    for (int node : List.copyOf(paused)) {
      try {
        resume(node);
      } catch (Exception | AssertionError e) {
        log("could not resume " + name(node) + ": " + e);
      }
    }
    rememberPids();
    CommandLine cli = LatticeCli.newCommandLine();
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(out, true));
    cli.execute("down", "--dir", dir.toString());
    stopAdded();
    killLeftovers();
    relays.forEach(TcpRelay::close);
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
  }

  /** SIGTERM to each added node (which {@code down} does not know), SIGKILL after 30 s. */
  private void stopAdded() {
    List<ProcessHandle> stopping = new ArrayList<>();
    for (LocalCluster.Member m : members.subList(listed, members.size())) {
      m.pid()
          .ifPresent(pid ->
              ProcessHandle.of(pid)
                  .ifPresent(p -> {
                    p.destroy();
                    stopping.add(p);
                  }));
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    for (ProcessHandle p : stopping) {
      try {
        p.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (ExecutionException | TimeoutException e) {
        p.destroyForcibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      }
    }
  }

  private void killLeftovers() {
    for (long pid : List.copyOf(seenPids)) {
      ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .ifPresent(p -> {
            log("killing leftover pid " + pid);
            p.destroyForcibly();
          });
    }
    relays.forEach(TcpRelay::close);
  }
}
