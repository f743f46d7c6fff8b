package io.lattice.bench.peer.raft;

import com.google.protobuf.ByteString;
import io.lattice.common.Clock;
import io.lattice.consensus.BlockCommitted;
import io.lattice.consensus.EngineListener;
import io.lattice.consensus.ExecutorScheduler;
import io.lattice.consensus.app.CheckTxResult;
import io.lattice.consensus.block.Votes;
import io.lattice.consensus.tendermint.ConsensusNetwork;
import io.lattice.consensus.tendermint.CoreConfig;
import io.lattice.consensus.tendermint.TendermintConfig;
import io.lattice.consensus.tendermint.TendermintEngine;
import io.lattice.consensus.tendermint.TimeoutConfig;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.node.chain.ConsensusFactory;
import io.lattice.node.chain.StoredChain;
import io.lattice.node.p2p.TxGossip;
import io.lattice.p2p.P2pConfig;
import io.lattice.p2p.consensus.P2pConsensusNetwork;
import io.lattice.p2p.peer.Switch;
import io.lattice.proto.consensus.v1.ConsensusMessage;
import io.lattice.proto.types.v1.Validator;
import io.lattice.proto.types.v1.ValidatorPubKey;
import io.lattice.proto.types.v1.ValidatorSet;
import io.lattice.runtime.mempool.Mempool;
import io.lattice.runtime.mempool.MempoolConfig;
import io.lattice.storage.RocksKeyValueStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * Lattice's Tendermint BFT engine as the replicated log: {@code nodes} validators in this JVM, each
 * with its own ed25519 validator key (real vote and proposal signatures, double-sign protection in
 * its sign-state file), RocksDB block store and state ({@link StoredChain}, one synced write per
 * block), consensus WAL, {@link Mempool} and a {@link NoopApplication}; their engines gossip over
 * the P2P layer ({@link Switch}: loopback TCP, Noise XX encrypted, product defaults) with {@link
 * P2pConsensusNetwork}. A payload reaches the mempools either directly (the client hands it to
 * every validator, as a BFT client that sends to all replicas) or through {@link TxGossip} from
 * validator 0. It counts as committed when the block holding it is durable on validator 0.
 */
final class LatticeLog implements ReplicatedLog {
  static final String CHAIN = "lattice-log-bench";
  private static final long POWER = 10;

  /** How payloads reach the validators' mempools. */
  enum TxPath {
    /** The client adds each payload to every validator's mempool (in-process calls). */
    DIRECT,
    /**
     * The client adds it to validator 0's mempool; transaction gossip (TCP) brings it to the rest.
     */
    GOSSIP
  }

  private final int nodes;
  private final int window;
  private final Duration blockInterval;
  private final TxPath txPath;
  private final Path dir;
  private final List<Node> members = new ArrayList<>();
  private final AtomicLong proposals = new AtomicLong();
  private final AtomicLong prevotes = new AtomicLong();
  private final AtomicLong precommits = new AtomicLong();
  private final AtomicLong blockParts = new AtomicLong();
  private final AtomicLong consensusBytes = new AtomicLong();
  private final AtomicLong blocks = new AtomicLong();
  private final AtomicLong emptyBlocks = new AtomicLong();
  private final AtomicLong entries = new AtomicLong();
  private final AtomicLong laterRounds = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicReference<Throwable> halted = new AtomicReference<>();

  private record Node(
      RocksKeyValueStore db,
      Mempool mempool,
      Switch network,
      P2pConsensusNetwork gossip,
      TxGossip txs,
      TendermintEngine engine) {}

  LatticeLog(int nodes, int window, Duration blockInterval, TxPath txPath, Path dir) {
    this.nodes = nodes;
    this.window = window;
    this.blockInterval = blockInterval;
    this.txPath = txPath;
    this.dir = dir;
  }

  @Override
  public String system() {
    return "lattice tendermint";
  }

  /**
   * Product defaults, except with transaction gossip: one transaction is one P2P message, and at
   * the default limit of {@value #DEFAULT_MESSAGE_LIMIT} messages/s per peer the validators ban
   * validator 0 for 30 minutes as soon as it relays more transactions than that.
   */
  private P2pConfig p2pConfig() {
    P2pConfig.Builder b =
        P2pConfig.builder()
            .networkId(CHAIN)
            .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    if (txPath == TxPath.GOSSIP) {
      b.receiveMessagesPerSecond(GOSSIP_MESSAGE_LIMIT);
    }
    return b.build();
  }

  static final long DEFAULT_MESSAGE_LIMIT = 5_000;
  static final long GOSSIP_MESSAGE_LIMIT = 1_000_000;

  /** Node defaults for the round timeouts; the commit timeout (block interval) as given. */
  TimeoutConfig timeouts() {
    TimeoutConfig d = TimeoutConfig.defaults();
    return new TimeoutConfig(
        d.proposeBase(),
        d.proposeDelta(),
        d.prevoteBase(),
        d.prevoteDelta(),
        d.precommitBase(),
        d.precommitDelta(),
        blockInterval);
  }

  @Override
  public void start(LongConsumer committed) throws IOException, InterruptedException {
    SecureRandom random = new SecureRandom();
    List<PrivateKeySigner> keys = new ArrayList<>();
    ValidatorSet.Builder set = ValidatorSet.newBuilder();
    for (int i = 0; i < nodes; i++) {
      PrivateKeySigner key = KeyPairs.generate(KeyAlgorithm.ED25519, random);
      keys.add(key);
      set.addValidators(
          Validator.newBuilder()
              .setAddress(ByteString.copyFrom(key.publicKey().address().bytes()))
              .setPubKey(
                  ValidatorPubKey.newBuilder()
                      .setAlgorithm(KeyAlgorithm.ED25519.id())
                      .setKey(ByteString.copyFrom(key.publicKey().encoded())))
              .setVotingPower(POWER));
    }
    ValidatorSet validators = set.build();
    Instant genesisTime = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    MempoolConfig d = MempoolConfig.DEFAULT;
    MempoolConfig mempoolConfig =
        new MempoolConfig(Math.max(d.maxTxs(), 2 * window), d.maxBytes(), d.maxTxBytes(), 0);
    for (int i = 0; i < nodes; i++) {
      Path home = Files.createDirectories(dir.resolve("lattice-node" + i));
      RocksKeyValueStore db = RocksKeyValueStore.open(home.resolve("db"));
      NoopApplication app = new NoopApplication(db);
      Mempool mempool = new Mempool(app, mempoolConfig, 0);
      StoredChain chain = new StoredChain(db);
      Switch network = new Switch(KeyPairs.generate(KeyAlgorithm.ED25519, random), p2pConfig());
      network.start();
      P2pConsensusNetwork gossip = new P2pConsensusNetwork(network);
      TxGossip txs = new TxGossip(network, mempool);
      TendermintConfig config =
          new TendermintConfig(
              new CoreConfig(CHAIN, timeouts(), CoreConfig.DEFAULT_MAX_PROPOSAL_BYTES, 10_000),
              1,
              genesisTime,
              4L << 20,
              -1,
              home.resolve(ConsensusFactory.WAL_FILE));
      TendermintEngine engine =
          new TendermintEngine(
              config,
              validators,
              ConsensusFactory.signer(keys.get(i), home.resolve(ConsensusFactory.SIGN_STATE_FILE)),
              app,
              mempool,
              db,
              chain,
              Clock.system(),
              new ExecutorScheduler("consensus-" + i),
              counting(gossip));
      members.add(new Node(db, mempool, network, gossip, txs, engine));
    }
    for (int i = 0; i < nodes; i++) {
      for (int j = i + 1; j < nodes; j++) {
        members.get(i).network().addPersistentPeer(members.get(j).network().selfAddress());
      }
    }
    await(
        () -> members.stream().allMatch(m -> m.network().peers().size() == nodes - 1),
        "the validators' P2P connections");
    if (txPath == TxPath.GOSSIP) {
      for (Node m : members) {
        m.txs().start();
      }
    }
    var unused =
        members
            .get(0)
            .engine()
            .addListener(
                new EngineListener() {
                  @Override
                  public void committed(BlockCommitted block) {
                    blocks.incrementAndGet();
                    if (block.commit().getRound() > 0) {
                      laterRounds.incrementAndGet();
                    }
                    List<ByteString> txs = block.block().getData().getTxsList();
                    if (txs.isEmpty()) {
                      emptyBlocks.incrementAndGet();
                    }
                    entries.addAndGet(txs.size());
                    for (ByteString tx : txs) {
                      committed.accept(
                          tx.substring(0, Long.BYTES).asReadOnlyByteBuffer().getLong());
                    }
                  }

                  @Override
                  public void halted(Throwable cause) {
                    halted.set(cause);
                  }
                });
    for (Node m : members) {
      m.engine().start();
    }
    await(
        () -> members.stream().allMatch(m -> m.engine().committedHeight() >= 1), "the first block");
  }

  private void await(java.util.function.BooleanSupplier done, String what)
      throws InterruptedException, IOException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!done.getAsBoolean()) {
      if (halted.get() != null) {
        throw new IOException("validator 0 halted: " + halted.get(), halted.get());
      }
      if (System.nanoTime() > deadline) {
        throw new IOException(
            "waited 60 s for " + what, new TimeoutException(what + " not reached"));
      }
      Thread.sleep(10);
    }
  }

  /** {@code network} that counts the messages this validator signs and sends. */
  private ConsensusNetwork counting(ConsensusNetwork network) {
    return new ConsensusNetwork() {
      @Override
      public void broadcast(ConsensusMessage m) {
        switch (m.getMessageCase()) {
          case PROPOSAL -> proposals.incrementAndGet();
          case VOTE -> {
            if (m.getVote().getType() == Votes.PREVOTE) {
              prevotes.incrementAndGet();
            } else if (m.getVote().getType() == Votes.PRECOMMIT) {
              precommits.incrementAndGet();
            }
          }
          case BLOCK_PART -> blockParts.incrementAndGet();
          case EVIDENCE, MESSAGE_NOT_SET -> {}
        }
        consensusBytes.addAndGet(m.getSerializedSize());
        network.broadcast(m);
      }

      @Override
      public AutoCloseable onMessage(Receiver receiver) {
        return network.onMessage(receiver);
      }
    };
  }

  @Override
  public void append(byte[] payload) {
    int last = txPath == TxPath.DIRECT ? members.size() : 1;
    for (int i = 0; i < last; i++) {
      Node m = members.get(i);
      while (true) {
        CheckTxResult r = m.mempool().add(payload);
        if (r.code() == Mempool.CODE_FULL) {
          LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
          continue;
        }
        if (!r.isOk()) {
          refused.incrementAndGet();
        } else if (txPath == TxPath.GOSSIP) {
          var unused = m.txs().announce(payload);
        }
        break;
      }
    }
  }

  @Override
  public String conditions() {
    return String.format(
        Locale.ROOT,
        "%d validators in one JVM, real ed25519 proposal/vote signatures (file sign state with"
            + " double-sign protection), consensus WAL, RocksDB block store (one synced write per"
            + " block), P2P over loopback TCP (Noise XX, flooding gossip, product defaults);"
            + " round timeouts at node defaults (propose 3 s, prevote/precommit 1 s), commit"
            + " timeout (block interval) %d ms (node default 1000 ms); payloads reach the"
            + " mempools %s; no-op application; an entry counts when its block is durable on"
            + " validator 0",
        nodes,
        blockInterval.toMillis(),
        txPath == TxPath.DIRECT
            ? "directly (the client hands each to all validators in-process)"
            : "through validator 0 and transaction gossip over TCP (one P2P message per"
                + " payload; per-peer receive limit raised from "
                + DEFAULT_MESSAGE_LIMIT
                + " to "
                + GOSSIP_MESSAGE_LIMIT
                + " messages/s, else validator 0 is banned by its peers)");
  }

  @Override
  public Map<String, Long> counters() {
    Map<String, Long> c = new LinkedHashMap<>();
    c.put("blocks", blocks.get());
    c.put("empty_blocks", emptyBlocks.get());
    c.put("entries_in_blocks", entries.get());
    c.put("blocks_decided_after_round_0", laterRounds.get());
    c.put("proposals_signed", proposals.get());
    c.put("prevotes_signed", prevotes.get());
    c.put("precommits_signed", precommits.get());
    c.put("block_parts_sent", blockParts.get());
    c.put("consensus_bytes_sent", consensusBytes.get());
    c.put(
        "consensus_messages_delivered",
        members.stream().mapToLong(m -> m.gossip().delivered()).sum());
    c.put("refused_payloads", refused.get());
    return c;
  }

  @Override
  public void close() {
    for (Node m : members) {
      m.engine().stop();
    }
    for (Node m : members) {
      m.txs().close();
      try {
        m.gossip().close();
      } catch (Exception e) {
        System.err.println("closing consensus gossip failed: " + e.getMessage());
      }
      m.network().close();
      m.db().close();
    }
    members.clear();
  }
}
