package io.lattice.node.chain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.common.Clock;
import io.lattice.consensus.app.CheckTxResult;
import io.lattice.consensus.tendermint.ConsensusNetwork;
import io.lattice.consensus.tendermint.InProcessNetwork;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.PublicKey;
import io.lattice.crypto.keyring.Backend;
import io.lattice.crypto.keyring.Keyring;
import io.lattice.crypto.keyring.KeyringException;
import io.lattice.crypto.keyring.PassphraseSource;
import io.lattice.distribution.app.PosGenesis;
import io.lattice.node.config.ConfigException;
import io.lattice.node.config.Genesis;
import io.lattice.node.config.GenesisFile;
import io.lattice.node.config.HomeInitializer;
import io.lattice.node.config.KeyFile;
import io.lattice.node.config.NodeHome;
import io.lattice.proto.consensus.v1.ConsensusMessage;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Several validators in one process: each a full {@link LatticeNode} (own home, RocksDB, state
 * machine, mempool, signer, WAL) whose Tendermint engines talk over one {@link InProcessNetwork}. A
 * transaction is {@link #submit submitted} to every member's mempool, as gossip would spread it, so
 * each validator checks every transaction and executes every block itself. A member that restarts
 * is handed the consensus messages of the last heights it missed, standing in for the P2P layer's
 * vote gossip; a member more than a few heights behind would need block sync, which this does not
 * do. For tests and benchmarks of the BFT engine before the P2P layer exists.
 */
public final class LocalNetwork implements AutoCloseable {
  private final List<NodeHome> homes;
  private final LatticeNode.Options options;
  private final List<ConsensusNetwork> endpoints;
  private final LatticeNode[] nodes;
  private volatile List<LatticeNode> running = List.of();
  private final List<ConsensusNetwork.Receiver> taps = new CopyOnWriteArrayList<>();
  private final Map<String, List<ConsensusNetwork.Receiver>> receivers = new ConcurrentHashMap<>();

  /**
   * Guards {@link #held} and {@link #recent}; never held while calling into a node (the monitor of
   * this object is held while a node stops, which waits for its engine thread).
   */
  private final Object gossip = new Object();

  /**
   * Messages sent while the members are first started, delivered once all listen: without gossip
   * that re-sends votes, a vote lost at start-up could leave a member waiting in its first round.
   */
  private List<Runnable> held = new ArrayList<>();

  /**
   * The messages of the last {@value #KEPT_HEIGHTS} heights, handed to a member when it restarts,
   * as the P2P layer's vote gossip would send a peer what it lacks.
   */
  private final TreeMap<Long, List<Sent>> recent = new TreeMap<>();

  private static final int KEPT_HEIGHTS = 3;

  private record Sent(String from, ConsensusMessage message) {}

  private LocalNetwork(List<NodeHome> homes, LatticeNode.Options options) {
    this.homes = List.copyOf(homes);
    this.options = options.withoutApi();
    InProcessNetwork network = new InProcessNetwork();
    List<ConsensusNetwork> members = new ArrayList<>();
    for (int i = 0; i < homes.size(); i++) {
      members.add(tapped("node" + i, network.join("node" + i)));
    }
    this.endpoints = List.copyOf(members);
    this.nodes = new LatticeNode[homes.size()];
  }

  private static long height(ConsensusMessage m) {
    return switch (m.getMessageCase()) {
      case PROPOSAL -> m.getProposal().getHeight();
      case VOTE -> m.getVote().getHeight();
      case BLOCK_PART -> m.getBlockPart().getHeight();
      case EVIDENCE, MESSAGE_NOT_SET -> 0;
    };
  }

  /** {@code member} that also shows each message it broadcasts to the taps and keeps it. */
  private ConsensusNetwork tapped(String id, ConsensusNetwork member) {
    List<ConsensusNetwork.Receiver> own = new CopyOnWriteArrayList<>();
    receivers.put(id, own);
    return new ConsensusNetwork() {
      @Override
      public void broadcast(ConsensusMessage message) {
        for (ConsensusNetwork.Receiver tap : taps) {
          tap.received(id, message);
        }
        synchronized (gossip) {
          long h = height(message);
          recent.computeIfAbsent(h, k -> new ArrayList<>()).add(new Sent(id, message));
          recent.headMap(recent.lastKey() - KEPT_HEIGHTS + 1).clear();
          if (held != null) {
            held.add(() -> member.broadcast(message));
            return;
          }
        }
        member.broadcast(message);
      }

      @Override
      public AutoCloseable onMessage(ConsensusNetwork.Receiver receiver) {
        own.add(receiver);
        AutoCloseable subscription = member.onMessage(receiver);
        return () -> {
          own.remove(receiver);
          subscription.close();
        };
      }
    };
  }

  /**
   * Creates {@code n} homes {@code dir/node0..} of one new chain: each initialised as by {@code
   * lattice init}, then all given the same genesis listing every validator (power {@value
   * HomeInitializer#VALIDATOR_POWER}, bonded in staking's genesis) and funding every home's
   * "faucet" and "validator" keys.
   */
  public static List<NodeHome> init(Path dir, int n, String chainId) throws ConfigException {
    return init(dir, n, chainId, List.of());
  }

  /**
   * {@link #init(Path, int, String)} plus {@code fullNodes} non-validator homes {@code dir/full0..}
   * with the same genesis (their own keys, listed after the validators' homes).
   */
  public static List<NodeHome> init(Path dir, int n, int fullNodes, String chainId)
      throws ConfigException {
    return init(dir, n, fullNodes, chainId, List.of(), false);
  }

  /** {@link #init(Path, int, String)} that also funds {@code extra} accounts in genesis. */
  public static List<NodeHome> init(Path dir, int n, String chainId, List<PosGenesis.Balance> extra)
      throws ConfigException {
    return init(dir, n, 0, chainId, extra, false);
  }

  /**
   * Creates {@code n} validator homes {@code dir/node0..} and {@code fullNodes} full-node homes
   * {@code dir/full0..} of one new chain, in that order: each initialised as by {@code lattice
   * init}, then all given the same genesis listing every validator (power {@value
   * HomeInitializer#VALIDATOR_POWER}, bonded in staking's genesis), funding every validator home's
   * "faucet" and "validator" keys, {@code extra}, and, with {@code fundFullNodeFaucets}, each full
   * node's "faucet" key (so that the faucet of an API node pays out).
   */
  public static List<NodeHome> init(
      Path dir,
      int n,
      int fullNodes,
      String chainId,
      List<PosGenesis.Balance> extra,
      boolean fundFullNodeFaucets)
      throws ConfigException {
    if (n < 1) {
      throw new IllegalArgumentException("a network needs at least one validator, got " + n);
    }
    HomeInitializer init = new HomeInitializer(Clock.system(), new SecureRandom());
    List<NodeHome> homes = new ArrayList<>();
    List<Genesis.GenesisValidator> validators = new ArrayList<>();
    List<PosGenesis.StakedValidator> staked = new ArrayList<>();
    List<PosGenesis.Balance> balances = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      NodeHome home = new NodeHome(dir.resolve("node" + i));
      HomeInitializer.Result r = init.init(home, chainId, "node" + i, false);
      homes.add(home);
      PublicKey key = KeyFile.read(home.validatorKey()).publicKey();
      validators.add(
          new Genesis.GenesisValidator(
              key.address().toString(),
              KeyAlgorithm.ED25519.id(),
              key.encoded(),
              HomeInitializer.VALIDATOR_POWER,
              "node" + i));
      staked.add(
          new PosGenesis.StakedValidator(
              r.validatorAddress(), key, HomeInitializer.VALIDATOR_POWER, "node" + i));
      balances.add(new PosGenesis.Balance(r.faucetAddress(), HomeInitializer.FAUCET_FUNDS));
      balances.add(new PosGenesis.Balance(r.validatorAddress(), HomeInitializer.VALIDATOR_FUNDS));
    }
    for (int i = 0; i < fullNodes; i++) {
      NodeHome home = new NodeHome(dir.resolve("full" + i));
      HomeInitializer.Result r = init.init(home, chainId, "full" + i, false);
      homes.add(home);
      if (fundFullNodeFaucets) {
        balances.add(new PosGenesis.Balance(r.faucetAddress(), HomeInitializer.FAUCET_FUNDS));
      }
    }
    balances.addAll(extra);
    Genesis first = GenesisFile.read(homes.get(0).genesisJson()).genesis();
    Genesis shared =
        new Genesis(
            chainId,
            first.genesisTime(),
            first.initialHeight(),
            first.maxBlockBytes(),
            first.maxBlockGas(),
            validators,
            new byte[0]);
    ObjectNode appState = PosGenesis.appState(staked, balances);
    for (NodeHome home : homes) {
      try {
        GenesisFile.write(home.genesisJson(), shared, appState);
      } catch (IOException e) {
        throw new ConfigException("cannot write " + home.genesisJson() + ": " + e.getMessage(), e);
      }
    }
    return homes;
  }

  /**
   * Starts a node on each home (no API), connected over one in-process network.
   *
   * @param options per-node options (API and network are replaced)
   */
  public static LocalNetwork start(List<NodeHome> homes, LatticeNode.Options options)
      throws ConfigException {
    LocalNetwork net = new LocalNetwork(homes, options);
    try {
      for (int i = 0; i < homes.size(); i++) {
        net.start(i);
      }
      net.release();
    } catch (ConfigException | RuntimeException e) {
      net.close();
      throw e;
    }
    return net;
  }

  private void release() {
    List<Runnable> messages;
    synchronized (gossip) {
      messages = held;
      held = null;
    }
    for (Runnable send : messages) {
      send.run();
    }
  }

  /** {@link #start} with blocks paced by {@code blockInterval}. */
  public static LocalNetwork start(List<NodeHome> homes, Duration blockInterval)
      throws ConfigException {
    return start(homes, LatticeNode.Options.defaults().withBlockInterval(blockInterval));
  }

  /**
   * (Re)starts member {@code i} from its home (store, WAL and sign state).
   *
   * @throws IllegalStateException when it runs
   */
  public synchronized void start(int i) throws ConfigException {
    if (nodes[i] != null) {
      throw new IllegalStateException("node" + i + " is running");
    }
    nodes[i] = LatticeNode.start(homes.get(i), options.withNetwork(endpoints.get(i)));
    updateRunning();
    List<Sent> missed = new ArrayList<>();
    synchronized (gossip) {
      if (held != null) {
        return; // the first start: everything is delivered on release
      }
      for (List<Sent> atHeight : recent.values()) {
        missed.addAll(atHeight);
      }
    }
    String id = "node" + i;
    for (Sent sent : missed) {
      if (!sent.from().equals(id)) {
        for (ConsensusNetwork.Receiver r : receivers.get(id)) {
          r.received(sent.from(), sent.message());
        }
      }
    }
  }

  /** Stops member {@code i} (after the block it is writing); the others go on. */
  public synchronized void stop(int i) {
    if (nodes[i] != null) {
      nodes[i].close();
      nodes[i] = null;
      updateRunning();
    }
  }

  /**
   * Hands {@code message} to every running member as if member {@code from} had sent it: how tests
   * play a misbehaving validator whose key they hold (e.g. two conflicting votes).
   */
  public void inject(String from, ConsensusMessage message) {
    for (Map.Entry<String, List<ConsensusNetwork.Receiver>> member : receivers.entrySet()) {
      if (!member.getKey().equals(from)) {
        for (ConsensusNetwork.Receiver r : member.getValue()) {
          r.received(from, message);
        }
      }
    }
  }

  /** Shows {@code tap} every message any member broadcasts (with the member's id, "node" + i). */
  public AutoCloseable tap(ConsensusNetwork.Receiver tap) {
    taps.add(tap);
    return () -> taps.remove(tap);
  }

  /** The running members, in index order. */
  public List<LatticeNode> nodes() {
    return running;
  }

  private void updateRunning() {
    List<LatticeNode> now = new ArrayList<>();
    for (LatticeNode n : nodes) {
      if (n != null) {
        now.add(n);
      }
    }
    running = List.copyOf(now);
  }

  /**
   * Member {@code i}.
   *
   * @throws IllegalStateException when it is stopped
   */
  public synchronized LatticeNode node(int i) {
    if (nodes[i] == null) {
      throw new IllegalStateException("node" + i + " is stopped");
    }
    return nodes[i];
  }

  public List<NodeHome> homes() {
    return homes;
  }

  /** The signer of key {@code name} ("faucet" or "validator") in home {@code i}'s test keyring. */
  public io.lattice.crypto.PrivateKeySigner key(int i, String name) throws KeyringException {
    return Keyring.open(homes.get(i).root(), Backend.TEST, PassphraseSource.none()).signer(name);
  }

  /**
   * Hands {@code tx} to every running member's mempool (as gossip would); the result is the first
   * one's (the one a client would have talked to). Stopped members miss it, as a node that is down
   * misses gossip.
   */
  public CheckTxResult submit(byte[] tx) {
    return submit(0, tx);
  }

  /**
   * {@link #submit(byte[])} through the running member at position {@code entry} (modulo their
   * number), then the others after it in turn: clients that talk to different members do not all
   * queue on the same mempool first.
   */
  public CheckTxResult submit(int entry, byte[] tx) {
    List<LatticeNode> running = nodes();
    int n = running.size();
    int at = Math.floorMod(entry, n);
    CheckTxResult first = running.get(at).chain().submit(tx);
    if (first.code() == 0) {
      for (int i = 1; i < n; i++) {
        running.get((at + i) % n).chain().submit(tx);
      }
    }
    return first;
  }

  /** The lowest committed height of the running members. */
  public long height() {
    return nodes().stream().mapToLong(n -> n.chain().latestHeight()).min().orElse(0);
  }

  @Override
  public synchronized void close() {
    for (int i = 0; i < nodes.length; i++) {
      stop(i);
    }
  }
}
