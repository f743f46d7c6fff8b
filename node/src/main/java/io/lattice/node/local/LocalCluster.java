package io.lattice.node.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.crypto.keyring.Backend;
import io.lattice.crypto.keyring.KeyInfo;
import io.lattice.crypto.keyring.Keyring;
import io.lattice.crypto.keyring.KeyringException;
import io.lattice.crypto.keyring.PassphraseSource;
import io.lattice.node.chain.LocalNetwork;
import io.lattice.node.config.ConfigException;
import io.lattice.node.config.HomeInitializer;
import io.lattice.node.config.NodeConfig;
import io.lattice.node.config.NodeHome;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A local network of separate node processes under one directory ({@code lattice up} / {@code
 * down}): {@code node0..node<V-1>} are validators of one genesis, {@code full0} a non-validator
 * full node, all on 127.0.0.1 and wired as persistent peers of each other. {@code network.json}
 * lists the nodes; each home holds its {@code node.pid} while its node runs and its log under
 * {@code logs/}.
 */
public final class LocalCluster {
  public static final String CHAIN_ID = "lattice-currency-1";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);
  private static final String LOOPBACK = "127.0.0.1";

  /** One node of the network. */
  public record Member(String name, String role, NodeHome home, String apiUrl, String p2p) {
    public Path logFile() {
      return home.logsDir().resolve(name + ".log");
    }

    /** The pid of its running node process, from {@code node.pid}, if that process is alive. */
    public OptionalLong pid() {
      try {
        String text = Files.readString(home.pidFile(), StandardCharsets.UTF_8).strip();
        long pid = Long.parseLong(text);
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent()
            ? OptionalLong.of(pid)
            : OptionalLong.empty();
      } catch (IOException | NumberFormatException e) {
        return OptionalLong.empty();
      }
    }
  }

  private final Path dir;
  private final List<Member> members;

  private LocalCluster(Path dir, List<Member> members) {
    this.dir = dir;
    this.members = List.copyOf(members);
  }

  public Path dir() {
    return dir;
  }

  public List<Member> members() {
    return members;
  }

  public static Path networkFile(Path dir) {
    return dir.resolve("network.json");
  }

  /** The network in {@code dir}, if {@code up} created one there. */
  public static Optional<LocalCluster> open(Path dir) throws ConfigException {
    Path file = networkFile(dir);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      JsonNode root = JSON.readTree(file.toFile());
      List<Member> members = new ArrayList<>();
      for (JsonNode n : root.path("nodes")) {
        members.add(
            new Member(
                n.path("name").asText(),
                n.path("role").asText(),
                new NodeHome(Path.of(n.path("home").asText())),
                n.path("api").asText(),
                n.path("p2p").asText()));
      }
      if (members.isEmpty()) {
        throw new ConfigException(file + ": lists no nodes");
      }
      return Optional.of(new LocalCluster(dir, members));
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  /**
   * Creates the homes of a new network: {@code validators} validators and one full node, API ports
   * from {@code apiBase} and P2P ports from {@code p2pBase} (each the next free one).
   */
  public static LocalCluster create(Path dir, int validators, int apiBase, int p2pBase)
      throws ConfigException {
    List<NodeHome> homes = LocalNetwork.init(dir, validators, 1, CHAIN_ID);
    List<NetworkConfigs.Endpoint> endpoints = new ArrayList<>();
    int apiPort = apiBase;
    int p2pPort = p2pBase;
    for (int i = 0; i < homes.size(); i++) {
      apiPort = freePort(apiPort);
      p2pPort = freePort(p2pPort == apiPort ? p2pPort + 1 : p2pPort);
      endpoints.add(
          new NetworkConfigs.Endpoint(
              new NodeConfig.HostPort(LOOPBACK, apiPort),
              new NodeConfig.HostPort(LOOPBACK, p2pPort),
              LOOPBACK));
      apiPort++;
      p2pPort++;
    }
    List<String> addresses = NetworkConfigs.wire(homes, endpoints);
    List<Member> members = new ArrayList<>();
    for (int i = 0; i < homes.size(); i++) {
      boolean validator = i < validators;
      members.add(
          new Member(
              validator ? "node" + i : "full" + (i - validators),
              validator ? "validator" : "full",
              homes.get(i),
              "http://" + endpoints.get(i).api(),
              addresses.get(i)));
    }
    LocalCluster cluster = new LocalCluster(dir, members);
    cluster.writeNetworkFile();
    return cluster;
  }

  private static int freePort(int from) throws ConfigException {
    try {
      return LocalPorts.freePort(from);
    } catch (IOException e) {
      throw new ConfigException(e.getMessage(), e);
    }
  }

  /** Writes {@code network.json}: each node's name, role, home, pid, API URL and P2P address. */
  public void writeNetworkFile() throws ConfigException {
    ObjectNode root = JSON.createObjectNode();
    root.put("chain_id", CHAIN_ID);
    ArrayNode nodes = root.putArray("nodes");
    for (Member m : members) {
      ObjectNode n = nodes.addObject();
      n.put("name", m.name());
      n.put("role", m.role());
      n.put("home", m.home().root().toAbsolutePath().toString());
      OptionalLong pid = m.pid();
      if (pid.isPresent()) {
        n.put("pid", pid.getAsLong());
      } else {
        n.putNull("pid");
      }
      n.put("api", m.apiUrl());
      n.put("p2p", m.p2p());
      n.put("log", m.logFile().toAbsolutePath().toString());
    }
    Path file = networkFile(dir);
    try {
      Path tmp = file.resolveSibling("network.json.tmp");
      Files.writeString(
          tmp,
          JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n",
          StandardCharsets.UTF_8);
      Files.move(
          tmp,
          file,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new ConfigException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Starts a node process ({@code lattice start --home H}, in its own session so a Ctrl-C in this
   * terminal does not reach it) for every member that is not running; returns the started names.
   */
  public List<String> startStopped(PrintWriter progress) throws ConfigException {
    List<String> started = new ArrayList<>();
    for (Member m : members) {
      if (m.pid().isPresent()) {
        continue;
      }
      try {
        Files.createDirectories(m.home().logsDir());
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
          command.add("/usr/bin/setsid");
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.lattice.node.cli.LatticeCli");
        command.add("start");
        command.add("--home");
        command.add(m.home().root().toAbsolutePath().toString());
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(m.logFile().toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
        progress.println("  started " + m.name() + " (" + m.role() + "), log " + m.logFile());
        started.add(m.name());
      } catch (IOException e) {
        throw new ConfigException("cannot start " + m.name() + ": " + e.getMessage(), e);
      }
    }
    return started;
  }

  /**
   * Waits until every node's API answers and the first validator's chain is {@code blocks} heights
   * past where it was when the wait began; prints progress every few seconds.
   *
   * @throws ConfigException on timeout, naming the nodes that did not answer and their logs
   */
  public long awaitBlocks(int blocks, Duration timeout, PrintWriter progress)
      throws ConfigException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    long start = -1;
    long lastReport = 0;
    while (System.nanoTime() < deadline) {
      List<String> down = new ArrayList<>();
      long height = -1;
      for (Member m : members) {
        OptionalLong h = height(http, m);
        if (h.isEmpty()) {
          down.add(m.name());
        } else if (height < 0) {
          height = h.getAsLong();
        }
      }
      if (start < 0 && height >= 0) {
        start = height;
      }
      if (down.isEmpty() && start >= 0 && height >= start + blocks) {
        return height;
      }
      if (System.nanoTime() - lastReport > Duration.ofSeconds(3).toNanos()) {
        lastReport = System.nanoTime();
        progress.println(
            "  waiting: "
                + (down.isEmpty() ? "all APIs up" : "not answering yet: " + String.join(", ", down))
                + (height >= 0 ? ", height " + height : ""));
      }
      Thread.sleep(250);
    }
    List<String> logs = new ArrayList<>();
    for (Member m : members) {
      if (height(http, m).isEmpty()) {
        logs.add(m.name() + " (" + m.logFile() + ")");
      }
    }
    throw new ConfigException(
        "the network did not commit "
            + blocks
            + " blocks within "
            + timeout.toSeconds()
            + " s"
            + (logs.isEmpty() ? "" : "; not answering: " + String.join(", ", logs)));
  }

  private static OptionalLong height(HttpClient http, Member m) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(m.apiUrl() + "/v1/status"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        return OptionalLong.empty();
      }
      return OptionalLong.of(JSON.readTree(r.body()).path("latest_block_height").asLong());
    } catch (IOException e) {
      return OptionalLong.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalLong.empty();
    }
  }

  /**
   * Stops every running node with SIGTERM (a clean shutdown), then SIGKILL for any that has not
   * exited after 30 s; returns the names of the nodes that were running.
   */
  public List<String> stopAll(PrintWriter progress) throws InterruptedException {
    List<String> stopped = new ArrayList<>();
    List<ProcessHandle> running = new ArrayList<>();
    for (Member m : members) {
      OptionalLong pid = m.pid();
      if (pid.isEmpty()) {
        continue;
      }
      Optional<ProcessHandle> p = ProcessHandle.of(pid.getAsLong());
      if (p.isPresent()) {
        p.get().destroy();
        running.add(p.get());
        stopped.add(m.name());
        progress.println("  stopping " + m.name() + " (pid " + pid.getAsLong() + ")");
      }
    }
    long deadline = System.nanoTime() + STOP_GRACE.toNanos();
    for (ProcessHandle p : running) {
      while (p.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      if (p.isAlive()) {
        progress.println("  pid " + p.pid() + " did not stop in " + STOP_GRACE + "; killing it");
        p.destroyForcibly();
      }
    }
    return stopped;
  }

  /** The faucet address of the first validator's home (key "faucet", test keyring). */
  public String faucetAddress() {
    NodeHome home = members.get(0).home();
    try {
      Optional<KeyInfo> key =
          Keyring.open(home.root(), Backend.TEST, PassphraseSource.none())
              .find(HomeInitializer.FAUCET_KEY_NAME);
      return key.map(k -> k.address().toString()).orElse("(no faucet key)");
    } catch (KeyringException e) {
      return "(keyring unreadable: " + e.getMessage() + ")";
    }
  }
}
