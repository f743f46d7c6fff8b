package io.lattice.node.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lattice.node.chain.LocalNetwork;
import io.lattice.node.config.ConfigException;
import io.lattice.node.config.NodeConfig;
import io.lattice.node.config.NodeHome;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

  /** One node of the network, of chain {@code chainId}. */
  public record Member(
      String name, String role, NodeHome home, String apiUrl, String p2p, String chainId) {
    /** A node of {@link #CHAIN_ID}. */
    public Member(String name, String role, NodeHome home, String apiUrl, String p2p) {
      this(name, role, home, apiUrl, p2p, CHAIN_ID);
    }

    public Path logFile() {
      return home.logsDir().resolve(name + ".log");
    }

    /** The pid of its running node process, from {@code node.pid}, if that process is alive. */
    public OptionalLong pid() {
      return LocalProcesses.alivePid(home.pidFile());
    }
  }

  private final Path dir;
  private final String chainId;
  private final List<Member> members;

  LocalCluster(Path dir, String chainId, List<Member> members) {
    this.dir = dir;
    this.chainId = chainId;
    this.members = List.copyOf(members);
  }

  /** The directory of the network ({@code network.json}'s). */
  public Path dir() {
    return dir;
  }

  public String chainId() {
    return chainId;
  }

  /** The chain's full node, whose API is the chain's API (the last member), if it has one. */
  public Optional<Member> apiNode() {
    return members.stream().filter(m -> m.role().equals("full")).findFirst();
  }

  public List<Member> members() {
    return members;
  }

  public static Path networkFile(Path dir) {
    return dir.resolve("network.json");
  }

  /**
   * The currency chain of the network in {@code dir} (the only chain of a network created before
   * the chat chain, or by {@link #create(Path, int, int, int)}), if {@code up} created one there:
   * what {@code lattice bench load} and the tests of one chain target.
   */
  public static Optional<LocalCluster> open(Path dir) throws ConfigException {
    Optional<LocalChains> network = LocalChains.open(dir);
    if (network.isEmpty()) {
      return Optional.empty();
    }
    Optional<LocalCluster> currency = network.get().chain(CHAIN_ID);
    return Optional.of(currency.orElse(network.get().chains().get(0)));
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
    LocalCluster cluster = new LocalCluster(dir, CHAIN_ID, members);
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

  /**
   * Writes {@code network.json} of a network of this chain alone: each node's name, chain, role,
   * home, pid, API URL and P2P address.
   */
  public void writeNetworkFile() throws ConfigException {
    new LocalChains(dir, List.of(this), Optional.empty()).writeNetworkFile();
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
        LocalProcesses.start(
            List.of("start", "--home", m.home().root().toAbsolutePath().toString()), m.logFile());
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
            "  waiting for "
                + chainId
                + ": "
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
        chainId
            + " did not commit "
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
    return LocalChains.faucetAddress(members.get(0).home());
  }
}
