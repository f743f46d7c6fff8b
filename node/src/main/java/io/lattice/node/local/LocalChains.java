package io.lattice.node.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.chains.ChainApps;
import io.lattice.chains.ChatChainApp;
import io.lattice.chains.Counterparty;
import io.lattice.chains.CurrencyChainApp;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.keyring.Backend;
import io.lattice.crypto.keyring.KeyInfo;
import io.lattice.crypto.keyring.Keyring;
import io.lattice.crypto.keyring.KeyringException;
import io.lattice.crypto.keyring.PassphraseSource;
import io.lattice.distribution.app.PosGenesis;
import io.lattice.node.chain.LocalNetwork;
import io.lattice.node.config.ConfigException;
import io.lattice.node.config.GenesisFile;
import io.lattice.node.config.HomeInitializer;
import io.lattice.node.config.NodeConfig;
import io.lattice.node.config.NodeHome;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The local network of {@code lattice up}: one {@link LocalCluster} per chain (validators and an
 * API full node each, homes under {@code <dir>/chat/} and {@code <dir>/currency/}) and, when both
 * chains run, the cross-chain relayer ({@code <dir>/relayer}), all described by {@code
 * <dir>/network.json}. A {@code network.json} of a single chain (written before the chat chain
 * existed, or by {@link LocalCluster#create}) opens as a network of that chain alone.
 */
public final class LocalChains {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);
  private static final Duration RELAYER_START = Duration.ofSeconds(60);
  private static final String LOOPBACK = "127.0.0.1";

  /** The key the relayer signs with, in its home's test keyring; funded on both chains. */
  public static final String RELAYER_KEY = "relayer";

  /** The relayer's balance on each chain at genesis: fees for a long while. */
  public static final BigInteger RELAYER_FUNDS = new BigInteger("1000000000000");

  /** The relayer process: its home (keyring, pid file, log) and the API nodes it connects. */
  public record Relayer(Path home, String chatUrl, String currencyUrl) {
    public Path pidFile() {
      return home.resolve("relayer.pid");
    }

    public Path logFile() {
      return home.resolve("logs").resolve("relayer.log");
    }

    /** The pid of the running relayer, if its pid file names a live process. */
    public OptionalLong pid() {
      return LocalProcesses.alivePid(pidFile());
    }

    /** The arguments of {@code lattice} that run it. */
    public List<String> command() {
      return List.of(
          "relayer",
          "start",
          "--chat",
          chatUrl,
          "--currency",
          currencyUrl,
          "--home",
          home.toAbsolutePath().toString(),
          "--from",
          RELAYER_KEY,
          "--keyring-backend",
          "test");
    }
  }

  /**
   * What {@link #create} makes.
   *
   * @param chains the chain ids, each {@link ChatChainApp#CHAIN_ID} or {@link
   *     CurrencyChainApp#CHAIN_ID}
   * @param validators validators per chain
   * @param chatApiPort the chat chain's API node (the first free port from it)
   * @param currencyApiPort the currency chain's API node
   * @param validatorApiPort the first API port of the validators (chat's first, then currency's)
   * @param p2pPort the first P2P port (every node takes the next free one)
   */
  public record Plan(
      List<String> chains,
      int validators,
      int chatApiPort,
      int currencyApiPort,
      int validatorApiPort,
      int p2pPort) {
    public Plan {
      chains = List.copyOf(chains);
      if (chains.isEmpty()) {
        throw new IllegalArgumentException("a network needs at least one chain");
      }
      for (String c : chains) {
        if (!c.equals(ChatChainApp.CHAIN_ID) && !c.equals(CurrencyChainApp.CHAIN_ID)) {
          throw new IllegalArgumentException(
              "unknown chain '"
                  + c
                  + "': use "
                  + ChatChainApp.CHAIN_ID
                  + " or "
                  + CurrencyChainApp.CHAIN_ID);
        }
      }
      if (validators < 1) {
        throw new IllegalArgumentException("a chain needs at least one validator");
      }
    }
  }

  private final Path dir;
  private final List<LocalCluster> chains;
  private final Optional<Relayer> relayer;

  LocalChains(Path dir, List<LocalCluster> chains, Optional<Relayer> relayer) {
    this.dir = dir;
    this.chains = List.copyOf(chains);
    this.relayer = relayer;
  }

  public Path dir() {
    return dir;
  }

  /** The chains, in {@code network.json}'s order. */
  public List<LocalCluster> chains() {
    return chains;
  }

  public Optional<LocalCluster> chain(String chainId) {
    return chains.stream().filter(c -> c.chainId().equals(chainId)).findFirst();
  }

  public Optional<Relayer> relayer() {
    return relayer;
  }

  /** Every node of every chain. */
  public List<LocalCluster.Member> members() {
    List<LocalCluster.Member> all = new ArrayList<>();
    for (LocalCluster c : chains) {
      all.addAll(c.members());
    }
    return all;
  }

  /** The sub-directory of {@code dir} holding the homes of {@code chainId}. */
  static String subdir(String chainId) {
    return ChainApps.kind(chainId) == ChainApps.Kind.CHAT ? "chat" : "currency";
  }

  /** The network in {@code dir}, if {@code up} (or {@link LocalCluster#create}) created one. */
  public static Optional<LocalChains> open(Path dir) throws ConfigException {
    Path file = LocalCluster.networkFile(dir);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      JsonNode root = JSON.readTree(file.toFile());
      String defaultChain = root.path("chain_id").asText(LocalCluster.CHAIN_ID);
      Map<String, List<LocalCluster.Member>> byChain = new LinkedHashMap<>();
      for (JsonNode n : root.path("nodes")) {
        String chainId = n.path("chain_id").asText(defaultChain);
        byChain
            .computeIfAbsent(chainId, k -> new ArrayList<>())
            .add(
                new LocalCluster.Member(
                    n.path("name").asText(),
                    n.path("role").asText(),
                    new NodeHome(Path.of(n.path("home").asText())),
                    n.path("api").asText(),
                    n.path("p2p").asText(),
                    chainId));
      }
      if (byChain.isEmpty()) {
        throw new ConfigException(file + ": lists no nodes");
      }
      List<LocalCluster> chains = new ArrayList<>();
      byChain.forEach((id, members) -> chains.add(new LocalCluster(dir, id, members)));
      Optional<Relayer> relayer = Optional.empty();
      JsonNode r = root.path("relayer");
      if (r.isObject()) {
        relayer =
            Optional.of(
                new Relayer(
                    Path.of(r.path("home").asText()),
                    r.path("chat").asText(),
                    r.path("currency").asText()));
      }
      return Optional.of(new LocalChains(dir, chains, relayer));
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  /**
   * Creates the homes of a new network in {@code dir} and writes {@code network.json}: per chain,
   * {@code plan.validators()} validators {@code <chain>/node0..} and the API full node {@code
   * <chain>/full0} (its faucet funded), each chain's genesis naming the other as its {@code
   * xchain.counterparty} when both run, and the relayer's home with a key funded on both chains.
   */
  public static LocalChains create(Path dir, Plan plan) throws ConfigException {
    boolean both = plan.chains().size() == 2 && !plan.chains().get(0).equals(plan.chains().get(1));
    boolean relay =
        both && plan.chains().stream().allMatch(c -> ChainApps.modules(c).contains("xchain"));
    List<PosGenesis.Balance> extra = new ArrayList<>();
    Optional<Path> relayerHome = Optional.empty();
    if (relay) {
      Path home = dir.resolve("relayer");
      extra.add(new PosGenesis.Balance(relayerKey(home), RELAYER_FUNDS));
      relayerHome = Optional.of(home);
    }
    LocalPorts.Allocator ports = new LocalPorts.Allocator();
    // The API nodes first, the currency chain's first (the CLI's default node): a taken port
    // moves an API node to the next free one, never onto the other chain's requested port.
    Map<String, Integer> apiNodePorts = new LinkedHashMap<>();
    try {
      for (String chainId : plan.chains()) {
        if (ChainApps.kind(chainId) == ChainApps.Kind.CURRENCY) {
          ports.reserve(plan.currencyApiPort());
        } else {
          ports.reserve(plan.chatApiPort());
        }
      }
      for (ChainApps.Kind kind : List.of(ChainApps.Kind.CURRENCY, ChainApps.Kind.CHAT)) {
        for (String chainId : plan.chains()) {
          if (ChainApps.kind(chainId) == kind) {
            int wanted = kind == ChainApps.Kind.CHAT ? plan.chatApiPort() : plan.currencyApiPort();
            apiNodePorts.put(chainId, ports.take(wanted));
          }
        }
      }
    } catch (IOException e) {
      throw new ConfigException(e.getMessage(), e);
    }
    List<LocalCluster> chains = new ArrayList<>();
    for (String chainId : plan.chains()) {
      chains.add(
          createChain(
              dir, chainId, plan.validators(), extra, ports, apiNodePorts.get(chainId), plan));
    }
    if (both) {
      link(chains.get(0), chains.get(1));
      link(chains.get(1), chains.get(0));
    }
    Optional<Relayer> relayer = Optional.empty();
    if (relayerHome.isPresent()) {
      LocalCluster chat =
          chains.get(ChainApps.kind(chains.get(0).chainId()) == ChainApps.Kind.CHAT ? 0 : 1);
      LocalCluster currency = chains.get(chains.get(0) == chat ? 1 : 0);
      relayer =
          Optional.of(
              new Relayer(
                  relayerHome.get(),
                  chat.apiNode().orElseThrow().apiUrl(),
                  currency.apiNode().orElseThrow().apiUrl()));
    }
    LocalChains network = new LocalChains(dir, chains, relayer);
    network.writeNetworkFile();
    return network;
  }

  /** Creates the relayer's home and key; returns the key's address. */
  private static String relayerKey(Path home) throws ConfigException {
    try {
      Files.createDirectories(home);
      Keyring keyring = Keyring.open(home, Backend.TEST, PassphraseSource.none());
      Optional<KeyInfo> existing = keyring.find(RELAYER_KEY);
      KeyInfo key =
          existing.isPresent()
              ? existing.get()
              : keyring.add(RELAYER_KEY, KeyAlgorithm.ED25519).info();
      return key.address().toString();
    } catch (IOException | KeyringException e) {
      throw new ConfigException(
          "cannot create the relayer key in " + home + ": " + e.getMessage(), e);
    }
  }

  private static LocalCluster createChain(
      Path dir,
      String chainId,
      int validators,
      List<PosGenesis.Balance> extra,
      LocalPorts.Allocator ports,
      int apiNodePort,
      Plan plan)
      throws ConfigException {
    String sub = subdir(chainId);
    List<NodeHome> homes = LocalNetwork.init(dir.resolve(sub), validators, 1, chainId, extra, true);
    List<NetworkConfigs.Endpoint> endpoints = new ArrayList<>();
    try {
      for (int i = 0; i < homes.size(); i++) {
        boolean validator = i < validators;
        int api = validator ? ports.next(plan.validatorApiPort()) : apiNodePort;
        int p2p = ports.next(plan.p2pPort());
        endpoints.add(
            new NetworkConfigs.Endpoint(
                new NodeConfig.HostPort(LOOPBACK, api),
                new NodeConfig.HostPort(LOOPBACK, p2p),
                LOOPBACK));
      }
    } catch (IOException e) {
      throw new ConfigException(e.getMessage(), e);
    }
    List<String> addresses = NetworkConfigs.wire(homes, endpoints);
    List<LocalCluster.Member> members = new ArrayList<>();
    for (int i = 0; i < homes.size(); i++) {
      boolean validator = i < validators;
      members.add(
          new LocalCluster.Member(
              sub + "-" + (validator ? "node" + i : "full" + (i - validators)),
              validator ? "validator" : "full",
              homes.get(i),
              "http://" + endpoints.get(i).api(),
              addresses.get(i),
              chainId));
    }
    return new LocalCluster(dir, chainId, members);
  }

  /**
   * Writes {@code other}'s genesis as the {@code xchain.counterparty} of every home of {@code
   * chain} (when its application runs xchain).
   */
  private static void link(LocalCluster chain, LocalCluster other) throws ConfigException {
    Path otherGenesis = other.members().get(0).home().genesisJson();
    Path first = chain.members().get(0).home().genesisJson();
    try {
      JsonNode counterparty = JSON.readTree(otherGenesis.toFile());
      GenesisFile.Loaded loaded = GenesisFile.read(first);
      ObjectNode appState = (ObjectNode) JSON.readTree(loaded.genesis().appStateJson());
      if (!Counterparty.link(chain.chainId(), appState, counterparty)) {
        return;
      }
      GenesisFile.write(first, loaded.genesis(), appState);
      for (LocalCluster.Member m : chain.members().subList(1, chain.members().size())) {
        Files.copy(first, m.home().genesisJson(), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException(
          "cannot write the counterparty of " + chain.chainId() + ": " + e.getMessage(), e);
    }
  }

  /** Starts every node that is not running, then the relayer if it is not; returns the names. */
  public List<String> startStopped(PrintWriter progress) throws ConfigException {
    List<String> started = new ArrayList<>();
    for (LocalCluster c : chains) {
      started.addAll(c.startStopped(progress));
    }
    return started;
  }

  /**
   * Starts the relayer if the network has one and it is not running, and waits until it writes its
   * pid file; returns whether it started it.
   *
   * @throws ConfigException when it cannot start or exits at once (naming its log)
   */
  public boolean startRelayer(PrintWriter progress) throws ConfigException, InterruptedException {
    if (relayer.isEmpty() || relayer.get().pid().isPresent()) {
      return false;
    }
    Relayer r = relayer.get();
    Process p;
    try {
      p = LocalProcesses.start(r.command(), r.logFile());
    } catch (IOException e) {
      throw new ConfigException("cannot start the relayer: " + e.getMessage(), e);
    }
    long deadline = System.nanoTime() + RELAYER_START.toNanos();
    while (r.pid().isEmpty() && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    if (!p.isAlive()) {
      throw new ConfigException(
          "the relayer exited at start (exit " + p.exitValue() + "); see " + r.logFile());
    }
    progress.println("  started the relayer, log " + r.logFile());
    return true;
  }

  /**
   * Waits until every chain has committed {@code blocks} more blocks (see {@link
   * LocalCluster#awaitBlocks}); returns each chain's height.
   */
  public Map<String, Long> awaitBlocks(int blocks, Duration timeout, PrintWriter progress)
      throws ConfigException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, Long> heights = new LinkedHashMap<>();
    for (LocalCluster c : chains) {
      Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
      heights.put(c.chainId(), c.awaitBlocks(blocks, left, progress));
    }
    return heights;
  }

  /**
   * Stops the relayer and every node with SIGTERM (a clean shutdown), then SIGKILL for any that has
   * not exited after 30 s; returns the names of what was running.
   */
  public List<String> stopAll(PrintWriter progress) throws InterruptedException {
    List<String> stopped = new ArrayList<>();
    List<ProcessHandle> running = new ArrayList<>();
    if (relayer.isPresent()) {
      OptionalLong pid = relayer.get().pid();
      if (pid.isPresent()) {
        ProcessHandle.of(pid.getAsLong())
            .ifPresent(p -> {
              p.destroy();
              running.add(p);
              stopped.add("relayer");
              progress.println("  stopping the relayer (pid " + p.pid() + ")");
            });
      }
    }
    for (LocalCluster.Member m : members()) {
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

  /**
   * Writes {@code network.json}: the chains (id, API URL), each node's name, chain, role, home,
   * pid, API URL, P2P address and log, and the relayer (home, pid, log, the URLs it connects).
   */
  public void writeNetworkFile() throws ConfigException {
    ObjectNode root = JSON.createObjectNode();
    if (chains.size() == 1) {
      root.put("chain_id", chains.get(0).chainId());
    }
    ArrayNode chainList = root.putArray("chains");
    for (LocalCluster c : chains) {
      ObjectNode o = chainList.addObject();
      o.put("chain_id", c.chainId());
      o.put(
          "api", c.apiNode().map(LocalCluster.Member::apiUrl).orElse(c.members().get(0).apiUrl()));
    }
    ArrayNode nodes = root.putArray("nodes");
    for (LocalCluster.Member m : members()) {
      ObjectNode n = nodes.addObject();
      n.put("name", m.name());
      n.put("chain_id", m.chainId());
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
    if (relayer.isPresent()) {
      Relayer r = relayer.get();
      ObjectNode o = root.putObject("relayer");
      o.put("home", r.home().toAbsolutePath().toString());
      OptionalLong pid = r.pid();
      if (pid.isPresent()) {
        o.put("pid", pid.getAsLong());
      } else {
        o.putNull("pid");
      }
      o.put("chat", r.chatUrl());
      o.put("currency", r.currencyUrl());
      o.put("log", r.logFile().toAbsolutePath().toString());
    }
    Path file = LocalCluster.networkFile(dir);
    try {
      Path tmp = file.resolveSibling("network.json.tmp");
      Files.writeString(
          tmp,
          JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n",
          StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new ConfigException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** The address of key "faucet" in {@code home}'s test keyring. */
  public static String faucetAddress(NodeHome home) {
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
