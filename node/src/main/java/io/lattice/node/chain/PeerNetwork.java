package io.lattice.node.chain;

import io.lattice.consensus.BlockLedger;
import io.lattice.consensus.tendermint.ConsensusNetwork;
import io.lattice.consensus.tendermint.TendermintEngine;
import io.lattice.node.config.ConfigException;
import io.lattice.node.config.NodeConfig;
import io.lattice.node.config.NodeFiles;
import io.lattice.node.p2p.BlockSync;
import io.lattice.node.p2p.StateSyncServer;
import io.lattice.node.p2p.TxGossip;
import io.lattice.p2p.P2pConfig;
import io.lattice.p2p.PeerAddress;
import io.lattice.p2p.consensus.P2pConsensusNetwork;
import io.lattice.p2p.discovery.Discovery;
import io.lattice.p2p.peer.Switch;
import io.lattice.runtime.mempool.Mempool;
import io.lattice.storage.KeyValueStore;
import io.lattice.storage.snapshot.SnapshotStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The node's P2P side when {@code [p2p] listen} is configured: a started {@link Switch} (network id
 * = chain id, anchors under {@code data/p2p}, persistent peers and seeds from the config), Kademlia
 * {@link Discovery} on it unless {@code p2p.discovery = false}, and the consensus gossip over it,
 * with the node's own messages re-sent ({@link Rebroadcaster}). Closing stops all of it.
 */
public final class PeerNetwork implements AutoCloseable {
  /** How often a validator re-sends its own messages of the height it is deciding. */
  static final Duration REBROADCAST = Duration.ofSeconds(1);

  private final Switch network;
  private final Optional<Discovery> discovery;
  private final P2pConsensusNetwork gossip;
  private final Rebroadcaster consensus;
  private volatile BlockSync sync;
  private volatile TxGossip txs;
  private StateSyncServer snapshotServer;

  private PeerNetwork(Switch network, Optional<Discovery> discovery, P2pConsensusNetwork gossip) {
    this.network = network;
    this.discovery = discovery;
    this.gossip = gossip;
    this.consensus = new Rebroadcaster(gossip, REBROADCAST);
  }

  /**
   * Starts the switch of {@code files}' node, or empty when the config has no P2P listen address.
   *
   * @throws ConfigException when a persistent peer or seed is malformed or the address cannot be
   *     bound
   */
  public static Optional<PeerNetwork> start(NodeFiles files) throws ConfigException {
    NodeConfig.P2p p2p = files.config().p2p();
    if (p2p.listen().isEmpty()) {
      return Optional.empty();
    }
    NodeConfig.HostPort listen = p2p.listen().get();
    List<PeerAddress> peers = addresses(files, "p2p.persistent_peers", p2p.persistentPeers());
    List<PeerAddress> seeds = addresses(files, "p2p.seeds", p2p.seeds());
    P2pConfig config =
        P2pConfig.builder()
            .networkId(files.genesis().chainId())
            .listen(new InetSocketAddress(listen.host(), listen.port()))
            .persistentPeers(peers)
            .seeds(seeds)
            .maxInbound(p2p.maxInboundPeers())
            .anchorDirectory(files.home().dataDir().resolve("p2p"))
            .build();
    Switch network = new Switch(files.nodeKey(), config);
    // discovery listens before the switch dials its seeds, so their answers are not missed
    Optional<Discovery> discovery =
        p2p.discovery()
            ? Optional.of(
                new Discovery(
                    network, Discovery.Config.defaults().withTargetOutbound(p2p.outboundPeers())))
            : Optional.empty();
    try {
      network.start();
    } catch (IOException e) {
      discovery.ifPresent(Discovery::close);
      network.close();
      throw new ConfigException(
          "cannot listen for peers on " + listen + ": " + e.getMessage() + " (p2p.listen)", e);
    }
    discovery.ifPresent(Discovery::start);
    return Optional.of(new PeerNetwork(network, discovery, new P2pConsensusNetwork(network)));
  }

  private static List<PeerAddress> addresses(NodeFiles files, String key, List<String> texts)
      throws ConfigException {
    List<PeerAddress> out = new ArrayList<>();
    for (String text : texts) {
      try {
        out.add(PeerAddress.parse(text));
      } catch (IllegalArgumentException e) {
        throw ConfigException.field(
            files.home().configToml(), key, "'" + text + "': " + e.getMessage());
      }
    }
    return out;
  }

  public Switch network() {
    return network;
  }

  /** Peer discovery, unless {@code p2p.discovery = false}. */
  public Optional<Discovery> discovery() {
    return discovery;
  }

  /**
   * Starts block sync (the engine is fed the blocks peers are ahead with), transaction gossip
   * (transactions admitted here or by a peer reach the other peers' mempools) and the serving of
   * snapshots and light blocks to peers that state-sync.
   */
  public synchronized void attach(
      BlockLedger chain,
      TendermintEngine engine,
      Mempool mempool,
      KeyValueStore db,
      SnapshotStore snapshots) {
    sync = new BlockSync(network, chain, engine);
    sync.start();
    txs = new TxGossip(network, mempool);
    txs.start();
    snapshotServer = new StateSyncServer(network, chain, db, snapshots);
    snapshotServer.start();
  }

  /**
   * Sends a transaction this node admitted to its peers. Not synchronized: API threads call it for
   * every transaction and must not queue behind each other (TxGossip is thread-safe).
   */
  public void announce(byte[] tx) {
    TxGossip gossip = txs;
    if (gossip != null) {
      gossip.announce(tx);
    }
  }

  /** Whether a peer is at least two heights ahead (block sync is catching up). */
  public boolean catchingUp() {
    BlockSync s = sync;
    return s != null && s.catchingUp();
  }

  /** The consensus network the engine uses: gossip, with its own messages re-sent. */
  public ConsensusNetwork consensus() {
    return consensus;
  }

  /** Gossip counters (delivered, duplicates, relayed). */
  public P2pConsensusNetwork gossip() {
    return gossip;
  }

  @Override
  public synchronized void close() {
    if (sync != null) {
      sync.close();
    }
    if (txs != null) {
      txs.close();
    }
    if (snapshotServer != null) {
      snapshotServer.close();
    }
    consensus.close();
    try {
      discovery.ifPresent(Discovery::close);
      gossip.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing peer discovery or the consensus gossip failed", e);
    } finally {
      network.close();
    }
  }
}
