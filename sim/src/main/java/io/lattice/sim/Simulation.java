package io.lattice.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.lattice.common.FileTrees;
import io.lattice.consensus.BlockCommitted;
import io.lattice.consensus.EngineListener;
import io.lattice.consensus.block.BlockHashes;
import io.lattice.consensus.block.BlockVerifier;
import io.lattice.consensus.block.InvalidBlockException;
import io.lattice.consensus.block.Votes;
import io.lattice.consensus.evidence.DuplicateVotes;
import io.lattice.consensus.evidence.EvidenceParams;
import io.lattice.consensus.evidence.EvidenceVerifier;
import io.lattice.consensus.evidence.Verification;
import io.lattice.consensus.privval.FilePrivValidator;
import io.lattice.consensus.privval.LastSignState;
import io.lattice.consensus.privval.PrivValidatorVoteSigner;
import io.lattice.consensus.privval.SignStep;
import io.lattice.consensus.tendermint.Action;
import io.lattice.consensus.tendermint.BlockPartSet;
import io.lattice.consensus.tendermint.CoreConfig;
import io.lattice.consensus.tendermint.SignBytes;
import io.lattice.consensus.tendermint.TendermintConfig;
import io.lattice.consensus.tendermint.TendermintEngine;
import io.lattice.consensus.tendermint.TimeoutConfig;
import io.lattice.consensus.tendermint.VoteSigner;
import io.lattice.crypto.CryptoException;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.distribution.app.PosApp;
import io.lattice.distribution.app.PosGenesis;
import io.lattice.proto.bank.v1.MsgSend;
import io.lattice.proto.consensus.v1.BlockPart;
import io.lattice.proto.consensus.v1.ConsensusMessage;
import io.lattice.proto.consensus.v1.DuplicateVoteEvidence;
import io.lattice.proto.consensus.v1.Proposal;
import io.lattice.proto.consensus.v1.Vote;
import io.lattice.proto.types.v1.Block;
import io.lattice.proto.types.v1.BlockId;
import io.lattice.proto.types.v1.Commit;
import io.lattice.proto.types.v1.Header;
import io.lattice.proto.types.v1.TxResult;
import io.lattice.proto.types.v1.Validator;
import io.lattice.proto.types.v1.ValidatorPubKey;
import io.lattice.proto.types.v1.ValidatorSet;
import io.lattice.runtime.AppConfig;
import io.lattice.runtime.tx.Coins;
import io.lattice.runtime.tx.TxBuilder;
import io.lattice.slashing.SlashingKeeper;
import io.lattice.staking.ProtoJson;
import io.lattice.storage.WriteBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One seeded run: {@code validators} nodes (one Byzantine when there are at least four) decide
 * {@code heights} blocks through a phase of faults, then the network heals; every check of
 * docs/spec/simulation.md runs on the way. Everything random comes from one {@link Random} seeded
 * with {@code seed}, and everything happens on one {@link SimScheduler}, so a seed replays exactly.
 */
public final class Simulation {
  static final String CHAIN = "lattice-sim";
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final int ACCOUNTS = 6;
  private static final long INITIAL = 1_000_000_000L;
  private static final long FEE = 2000;
  private static final long GAS = 200_000;
  private static final HexFormat HEX = HexFormat.of();
  private static final long GOSSIP_MILLIS = 200;
  private static final double EQUIVOCATION_RATE = 0.15;
  private static final double FAULT_SHARE = 0.5;

  /** The outcome of one seed. */
  public record Result(
      long seed,
      int heights,
      int validators,
      Optional<String> failure,
      String trace,
      long minHonestHeight,
      long virtualMillis,
      long deliveries,
      Stats stats) {
    public boolean ok() {
      return failure.isEmpty();
    }

    /** The command that replays this seed alone. */
    public String replayCommand() {
      return "scripts/simulate --seeds 1 --first-seed "
          + seed
          + " --heights "
          + heights
          + " --validators "
          + validators;
    }
  }

  /** What the faults and checks did in a run. */
  public record Stats(
      int crashes,
      int crashesInCommit,
      int tornWals,
      int partitions,
      int equivocationsSent,
      int equivocationsObserved,
      int evidenceVerified,
      int evidenceCommitted,
      long txsCommitted) {}

  private record Observed(int node, Vote first, Vote second) {}

  private final long seed;
  private final int heights;
  private final int validatorCount;
  private final Random random;
  private final SimScheduler scheduler = new SimScheduler();
  private final MessageDigest trace;
  private final SimNetwork network;
  private final List<SimNode> nodes = new ArrayList<>();
  private final List<PrivateKeySigner> accounts = new ArrayList<>();
  private final List<String> accountAddresses = new ArrayList<>();
  private final long[] accountNumbers = new long[ACCOUNTS];
  private final long[] nextSequence = new long[ACCOUNTS];
  private ValidatorSet genesisSet;
  private byte[] genesisJson;
  private final AppConfig appConfig = AppConfig.defaults(CHAIN);
  private final Map<Long, byte[]> blockHashes = new HashMap<>();
  private final Map<Long, byte[]> appHashes = new HashMap<>();
  private final Map<String, String> ownVotes = new HashMap<>();
  private final List<Observed> observed = new ArrayList<>();

  /** Observed equivocations whose evidence no block has committed yet. */
  private final List<Observed> uncommitted = new ArrayList<>();

  /** Committed evidence, as the pair of its votes' signatures. */
  private final Set<String> committedEvidence = new HashSet<>();

  /** Each validator named by committed evidence, and the height of the first block naming it. */
  private final Map<ByteString, Long> culprits = new HashMap<>();

  private final List<List<ConsensusMessage>> recentEvidence = new ArrayList<>();
  private final List<List<ConsensusMessage>> recent = new ArrayList<>();

  /** The block parts each Byzantine node sent at its latest height, for its second blocks. */
  private final Map<Integer, List<BlockPart>> ownParts = new TreeMap<>();

  private final List<Set<ByteString>> has = new ArrayList<>();
  private final Set<ByteString> verifiedCommits = new HashSet<>();
  private int equivocationsObserved;
  private String failure;
  private boolean healed;
  private long healTime;
  private long heightAtHeal;
  private int crashes;
  private int crashesInCommit;
  private int tornWals;
  private int partitions;
  private int equivocationsSent;
  private int evidenceVerified;
  private long txsCommitted;
  private Path dir;
  private static final boolean DEBUG = Boolean.getBoolean("lattice.sim.debug");
  private long lastDebug = -1;

  public Simulation(long seed, int heights, int validators) {
    if (heights < 1) {
      throw new IllegalArgumentException("heights must be at least 1, got " + heights);
    }
    if (validators < 1 || validators > 50) {
      throw new IllegalArgumentException("validators must be between 1 and 50, got " + validators);
    }
    this.seed = seed;
    this.heights = heights;
    this.validatorCount = validators;
    this.random = new Random(seed);
    try {
      this.trace = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    this.network = new SimNetwork(validators, scheduler, random, trace);
  }

  /** Runs the seed to the end and reports the first failed check, if any. */
  public Result run() {
    try {
      dir = Files.createTempDirectory(baseDir(), "lattice-sim-" + seed + "-");
      try {
        setUp();
        loop();
        finalChecks();
      } catch (RuntimeException e) {
        fail("unexpected exception: " + e);
      } finally {
        for (SimNode n : nodes) {
          if (n.alive) {
            n.engine.stop();
            n.alive = false;
          }
        }
        FileTrees.delete(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the simulation directory", e);
    }
    long min = nodes.stream().filter(n -> !n.byzantine).mapToLong(n -> n.height).min().orElse(0);
    return new Result(
        seed,
        heights,
        validatorCount,
        Optional.ofNullable(failure),
        HEX.formatHex(trace.digest()),
        min,
        scheduler.now(),
        network.delivered(),
        new Stats(
            crashes,
            crashesInCommit,
            tornWals,
            partitions,
            equivocationsSent,
            equivocationsObserved,
            evidenceVerified,
            committedEvidence.size(),
            txsCommitted));
  }

  private static Path baseDir() {
    String configured = System.getProperty("lattice.sim.dir");
    if (configured != null) {
      return Paths.get(configured);
    }
    Path shm = Paths.get("/dev/shm");
    return Files.isDirectory(shm) && Files.isWritable(shm)
        ? shm
        : Paths.get(System.getProperty("java.io.tmpdir"));
  }

  private void fail(String message) {
    if (failure == null) {
      failure = message;
    }
  }

  private static PrivateKeySigner key(Random random) {
    byte[] sk = new byte[32];
    random.nextBytes(sk);
    try {
      return KeyPairs.fromPrivateKey(KeyAlgorithm.ED25519, sk);
    } catch (CryptoException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---------------------------------------------------------------- set-up

  private void setUp() {
    List<PrivateKeySigner> keys = new ArrayList<>();
    for (int i = 0; i < validatorCount; i++) {
      keys.add(key(random));
    }
    keys.sort(Comparator.comparing(k -> k.publicKey().address()));
    long[] powers = new long[validatorCount];
    long total = 0;
    for (int i = 0; i < validatorCount; i++) {
      powers[i] = 10L + random.nextInt(31);
      total += powers[i];
    }
    int byzantine = validatorCount >= 4 ? random.nextInt(validatorCount) : -1;
    if (byzantine >= 0) {
      long others = total - powers[byzantine];
      // Byzantine power strictly below 1/3 of the total: 2 * p < others
      powers[byzantine] = Math.max(1, Math.min(powers[byzantine], (others - 1) / 2));
    }
    ValidatorSet.Builder set = ValidatorSet.newBuilder();
    for (int i = 0; i < validatorCount; i++) {
      PrivateKeySigner k = keys.get(i);
      set.addValidators(
          Validator.newBuilder()
              .setAddress(ByteString.copyFrom(k.publicKey().address().bytes()))
              .setPubKey(
                  ValidatorPubKey.newBuilder()
                      .setAlgorithm(k.publicKey().algorithm().id())
                      .setKey(ByteString.copyFrom(k.publicKey().encoded())))
              .setVotingPower(powers[i]));
      long skew = random.nextInt(101) - 50L;
      nodes.add(new SimNode(i, k, powers[i], i == byzantine, skew, dir));
      recent.add(new ArrayList<>());
      recentEvidence.add(new ArrayList<>());
      has.add(new HashSet<>());
    }
    genesisSet = set.build();
    for (int a = 0; a < ACCOUNTS; a++) {
      accounts.add(key(random));
      accountAddresses.add(accounts.get(a).publicKey().address().toString());
    }
    List<PosGenesis.StakedValidator> staked = new ArrayList<>();
    for (SimNode n : nodes) {
      staked.add(
          new PosGenesis.StakedValidator(
              operator(n), n.key.publicKey(), n.power, "node-" + n.index));
    }
    List<PosGenesis.Balance> balances = new ArrayList<>();
    for (String a : accountAddresses) {
      balances.add(new PosGenesis.Balance(a, BigInteger.valueOf(INITIAL)));
    }
    ObjectNode root = PosGenesis.appState(staked, balances);
    // Downtime jailing is off (no minimum signed share): crashes and partitions are the faults
    // injected here, not what is checked; double-sign slashing is checked.
    root.set(
        "slashing",
        ProtoJson.genesisWithParams(
            SlashingKeeper.DEFAULT_PARAMS.toBuilder()
                .setMinSignedPerWindow("0.000000000000000000")
                .build()));
    genesisJson = root.toString().getBytes(StandardCharsets.UTF_8);
    for (SimNode n : nodes) {
      start(n);
    }
    SimNode first = nodes.get(0);
    for (int a = 0; a < ACCOUNTS; a++) {
      var account = first.app.account(accountAddresses.get(a)).orElseThrow();
      accountNumbers[a] = account.getAccountNumber();
      nextSequence[a] = account.getSequence();
    }
    scheduler.after(500, this::faultTick);
    scheduler.after(200, this::txTick);
    scheduler.after(250, this::syncTick);
    scheduler.after(GOSSIP_MILLIS, this::gossipTick);
    network.onDeliver((to, m) -> {
      // A peer "has" a message only if it arrived while the peer was at its height (as CometBFT's
      // peers track each other's round state): a node that was heights behind dropped it, and
      // gets it again once it has caught up.
      if (m.hasEvidence() || height(m) == nodes.get(to).height + 1) {
        has.get(to).add(m.toByteString());
      }
      remember(to, m);
    });
  }

  private TendermintConfig engineConfig(SimNode n) {
    TimeoutConfig timeouts =
        new TimeoutConfig(
            Duration.ofMillis(300),
            Duration.ofMillis(100),
            Duration.ofMillis(100),
            Duration.ofMillis(50),
            Duration.ofMillis(100),
            Duration.ofMillis(50),
            Duration.ofMillis(40));
    return new TendermintConfig(
        new CoreConfig(CHAIN, timeouts, CoreConfig.DEFAULT_MAX_PROPOSAL_BYTES, 1000),
        1,
        T0,
        64 * 1024,
        -1,
        n.walFile);
  }

  /** Starts (or restarts) node {@code n} from what it has on "disk". */
  private void start(SimNode n) {
    n.app = PosApp.open(appConfig, n.db);
    if (!n.genesisDone) {
      try (WriteBatch b = n.db.newBatch()) {
        n.app.initChain(genesisJson, b);
        n.db.write(b, true);
      }
      n.app.afterCommit();
      n.genesisDone = true;
    }
    n.mempool = new SimMempool(n.app);
    n.ledger = new SimLedger(n.db);
    VoteSigner signer;
    if (n.byzantine) {
      signer = new RawSigner(n.key);
    } else {
      try {
        n.privValidator = FilePrivValidator.open(n.key, n.signerState);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open the signer state of node " + n.index, e);
      }
      signer = new PrivValidatorVoteSigner(n.privValidator);
    }
    TendermintEngine engine =
        new TendermintEngine(
            engineConfig(n),
            genesisSet,
            signer,
            n.app,
            n.mempool,
            n.db,
            n.ledger,
            () -> T0.plusMillis(scheduler.now() + n.skewMillis),
            scheduler.view(),
            network.endpoint(n.index, this::outgoing));
    n.engine = engine;
    engine.addListener(
        new EngineListener() {
          @Override
          public void committed(BlockCommitted block) {
            onCommit(n, block);
          }

          @Override
          public void halted(Throwable cause) {
            onHalt(n, engine, cause);
          }
        });
    engine.addEquivocationListener(e -> onEquivocation(n, e));
    n.alive = true;
    engine.start();
    n.height = engine.committedHeight();
  }

  private void crash(SimNode n, long restartAfter, boolean tear) {
    if (!n.alive) {
      return;
    }
    n.engine.stop();
    n.alive = false;
    recent.get(n.index).clear();
    recentEvidence.get(n.index).clear();
    has.get(n.index).clear();
    // an equivocation of a height the node has not committed lives only in the engine's memory
    // (and its WAL, whose replay reports it again)
    uncommitted.removeIf(o -> o.node() == n.index && o.first().getHeight() > n.height);
    crashes++;
    if (tear) {
      try {
        if (n.tearWal(random)) {
          tornWals++;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    scheduler.after(restartAfter, () -> restart(n));
  }

  private void restart(SimNode n) {
    if (!n.alive) {
      start(n);
    }
  }

  // ---------------------------------------------------------------- schedule

  private void loop() {
    long faultCap = 2_000L * heights + 20_000;
    while (failure == null && !done()) {
      long limit = healed ? healTime + terminationBound() : Long.MAX_VALUE;
      if (!healed && scheduler.now() >= faultCap) {
        heal();
        continue;
      }
      if (DEBUG && scheduler.now() / 5000 != lastDebug) {
        lastDebug = scheduler.now() / 5000;
        StringBuilder sb =
            new StringBuilder(
                "t="
                    + scheduler.now()
                    + " delivered="
                    + network.delivered()
                    + " executed="
                    + scheduler.executed());
        for (SimNode n : nodes) {
          sb.append(" n")
              .append(n.index)
              .append(n.alive ? "" : "(down)")
              .append('=')
              .append(n.height)
              .append(n.alive ? " " + n.engine.roundState() : "");
        }
        System.err.println(sb);
      }
      if (!scheduler.step(limit)) {
        break;
      }
    }
    if (failure == null && !done()) {
      StringBuilder sb = new StringBuilder();
      for (SimNode n : nodes) {
        if (!n.byzantine) {
          sb.append(" node-").append(n.index).append('=').append(n.height);
        }
      }
      fail(
          "termination: honest nodes did not reach height "
              + heights
              + (uncommitted.isEmpty()
                  ? ""
                  : " with the evidence of these equivocations committed: " + describeUncommitted())
              + " within "
              + terminationBound()
              + " ms of virtual time after the last heal at "
              + healTime
              + " ms (heights:"
              + sb
              + ")");
    }
  }

  private long terminationBound() {
    return 30_000 + 2_000 * (heights - heightAtHeal);
  }

  private boolean done() {
    for (SimNode n : nodes) {
      if (!n.byzantine && n.height < heights) {
        return false;
      }
    }
    return uncommitted.isEmpty();
  }

  private long maxHonestHeight() {
    return nodes.stream().filter(n -> !n.byzantine).mapToLong(n -> n.height).max().orElse(0);
  }

  private void faultTick() {
    if (healed) {
      return;
    }
    SimNetwork.Faults f = network.faults;
    f.drop = random.nextDouble() * 0.15;
    f.duplicate = random.nextDouble() * 0.05;
    f.minDelay = 1;
    f.maxDelay = 5L + random.nextInt(76);
    if (!network.partitioned() && random.nextDouble() < 0.2) {
      int[] groups = new int[nodes.size()];
      for (int i = 0; i < groups.length; i++) {
        groups[i] = random.nextInt(2);
      }
      network.partition(groups);
      partitions++;
      scheduler.after(300 + random.nextInt(2701), () -> network.heal());
    }
    if (random.nextDouble() < 0.12) {
      SimNode n = nodes.get(random.nextInt(nodes.size()));
      if (!n.byzantine && n.alive) {
        crash(n, 200 + random.nextInt(2801), random.nextBoolean());
      }
    }
    if (random.nextDouble() < 0.08) {
      SimNode n = nodes.get(random.nextInt(nodes.size()));
      if (!n.byzantine && n.alive) {
        n.ledger.crashNextStage();
      }
    }
    scheduler.after(400, this::faultTick);
  }

  /** Ends the fault phase: the network heals, crashed nodes restart, faults stay mild. */
  private void heal() {
    healed = true;
    healTime = scheduler.now();
    heightAtHeal =
        nodes.stream().filter(n -> !n.byzantine).mapToLong(n -> n.height).min().orElse(0);
    network.heal();
    network.faults.drop = 0.02;
    network.faults.duplicate = 0.02;
    network.faults.minDelay = 1;
    network.faults.maxDelay = 30;
    for (SimNode n : nodes) {
      restart(n);
    }
  }

  private void txTick() {
    if (random.nextBoolean()) {
      int a = random.nextInt(ACCOUNTS);
      int b = (a + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
      MsgSend send =
          MsgSend.newBuilder()
              .setFromAddress(accountAddresses.get(a))
              .setToAddress(accountAddresses.get(b))
              .addAmount(Coins.coin("ulat", 1 + random.nextInt(1000)))
              .build();
      byte[] tx =
          TxBuilder.forChain(CHAIN)
              .fee(List.of(Coins.coin("ulat", FEE)))
              .gasLimit(GAS)
              .signer(accounts.get(a), accountNumbers[a], nextSequence[a])
              .addMessage(send)
              .buildBytes();
      boolean admitted = false;
      for (SimNode n : nodes) {
        if (n.alive) {
          admitted |= n.mempool.add(tx);
        }
      }
      if (admitted) {
        nextSequence[a]++;
      } else {
        nodes.stream()
            .filter(n -> n.alive && !n.byzantine)
            .max(Comparator.comparingLong((SimNode n) -> n.height))
            .flatMap(n -> n.app.account(accountAddresses.get(a)))
            .ifPresent(acc -> nextSequence[a] = acc.getSequence());
      }
    }
    if (!done()) {
      scheduler.after(200, this::txTick);
    }
  }

  /**
   * Block sync: every 250 ms each lagging node that is not syncing already starts a chain of
   * requests: its next block with its commit from the highest connected peer, and on arrival the
   * next one 10 ms later, until it is caught up or a transfer is lost to the network's faults.
   */
  private void syncTick() {
    for (SimNode n : nodes) {
      if (n.alive && scheduler.now() - n.lastSyncStep >= 250) {
        syncStep(n);
      }
    }
    if (!done()) {
      scheduler.after(250, this::syncTick);
    }
  }

  private void syncStep(SimNode n) {
    if (!n.alive) {
      return;
    }
    SimNode best = null;
    for (SimNode p : nodes) {
      if (p != n && p.alive && network.connected(n.index, p.index) && p.height > n.height) {
        if (best == null || p.height > best.height) {
          best = p;
        }
      }
    }
    if (best == null) {
      return;
    }
    long next = n.height + 1;
    Optional<Block> block = best.ledger.block(next);
    Optional<Commit> commit = best.ledger.commit(next);
    if (block.isEmpty() || commit.isEmpty()) {
      return;
    }
    Block b = block.get();
    Commit c = commit.get();
    n.lastSyncStep = scheduler.now();
    network.transmit(
        best.index,
        n.index,
        peer -> {
          if (n.alive) {
            n.engine.commitReceived(b, c, peer);
            scheduler.after(10, () -> syncStep(n));
          }
        },
        BlockHashes.header(b.getHeader()));
  }

  /**
   * The gossip layer: every running node sends the messages of its latest height it signed or
   * received to each running peer that has not received them yet (as CometBFT's peers track each
   * other's votes), so a message lost to a drop, a partition or a crash, or sent by a Byzantine
   * node to only some peers, reaches every honest node in the end. Tendermint assumes this eventual
   * delivery; the core itself never retransmits.
   */
  private void gossipTick() {
    for (SimNode n : nodes) {
      if (n.alive) {
        for (ConsensusMessage m :
            Stream.concat(recent.get(n.index).stream(), recentEvidence.get(n.index).stream())
                .toList()) {
          ByteString key = m.toByteString();
          for (SimNode p : nodes) {
            if (p != n && p.alive && !has.get(p.index).contains(key)) {
              network.send(n.index, p.index, m);
            }
          }
        }
      }
    }
    if (!done()) {
      scheduler.after(GOSSIP_MILLIS, this::gossipTick);
    }
  }

  private static long height(ConsensusMessage m) {
    return switch (m.getMessageCase()) {
      case VOTE -> m.getVote().getHeight();
      case BLOCK_PART -> m.getBlockPart().getHeight();
      default -> m.getProposal().getHeight();
    };
  }

  private void remember(int from, ConsensusMessage message) {
    if (message.hasEvidence()) {
      List<ConsensusMessage> evidence = recentEvidence.get(from);
      if (!evidence.contains(message)) {
        evidence.add(message);
        if (evidence.size() > 16) {
          evidence.remove(0);
        }
      }
      return;
    }
    List<ConsensusMessage> mine = recent.get(from);
    long current = nodes.get(from).height + 1;
    if (height(message) != current) {
      return;
    }
    mine.removeIf(m -> height(m) != current);
    if (!mine.contains(message)) {
      mine.add(message);
      if (mine.size() > 256) {
        mine.remove(0);
      }
    }
  }

  // ---------------------------------------------------------------- messages

  private void outgoing(int from, ConsensusMessage message) {
    SimNode n = nodes.get(from);
    if (message.hasEvidence()) {
      remember(from, message);
      for (int to = 0; to < nodes.size(); to++) {
        network.send(from, to, message);
      }
      return;
    }
    if (message.hasBlockPart()) {
      // unsigned: gossiped like votes; a Byzantine proposer's parts are kept for its second block
      remember(from, message);
      if (n.byzantine) {
        List<BlockPart> mine = ownParts.computeIfAbsent(from, k -> new ArrayList<>());
        mine.removeIf(part -> part.getHeight() < message.getBlockPart().getHeight());
        mine.add(message.getBlockPart());
      }
      for (int to = 0; to < nodes.size(); to++) {
        network.send(from, to, message);
      }
      return;
    }
    if (!n.byzantine) {
      checkOwnMessage(n, message);
    }
    remember(from, message);
    for (int to = 0; to < nodes.size(); to++) {
      network.send(from, to, message);
    }
    if (n.byzantine && random.nextDouble() < EQUIVOCATION_RATE) {
      List<ConsensusMessage> conflicting = conflicting(n, message);
      equivocationsSent++;
      int target = random.nextInt(nodes.size());
      for (int to = 0; to < nodes.size(); to++) {
        if (to == target || random.nextBoolean()) {
          for (ConsensusMessage m : conflicting) {
            network.send(from, to, m);
          }
        }
      }
    }
  }

  /**
   * A second message of the Byzantine node for the same (height, round, type), other content: for a
   * proposal, another block's proposal followed by that block's parts.
   */
  private List<ConsensusMessage> conflicting(SimNode n, ConsensusMessage message) {
    if (message.hasVote()) {
      Vote v = message.getVote();
      Vote.Builder b = v.toBuilder().clearSignature();
      if (v.getBlockId().getHash().isEmpty()) {
        byte[] hash = new byte[32];
        random.nextBytes(hash);
        b.setBlockId(BlockId.newBuilder().setHash(ByteString.copyFrom(hash)))
            .setTimestamp(Votes.timestamp(T0.plusMillis(scheduler.now())));
      } else {
        b.setBlockId(BlockId.getDefaultInstance()).clearTimestamp();
      }
      Vote unsigned = b.build();
      return List.of(
          ConsensusMessage.newBuilder()
              .setVote(
                  unsigned.toBuilder()
                      .setSignature(
                          ByteString.copyFrom(n.key.sign(SignBytes.vote(CHAIN, unsigned)))))
              .build());
    }
    Proposal p = message.getProposal();
    Block block = ownBlock(n.index, p);
    Header header =
        block.getHeader().toBuilder()
            .setTime(
                Votes.timestamp(
                    Votes.instant(block.getHeader().getTime()).plusMillis(1 + random.nextInt(5))))
            .build();
    Block other = block.toBuilder().setHeader(header).build();
    BlockPartSet parts = BlockPartSet.of(p.getHeight(), p.getRound(), other);
    Proposal unsigned =
        p.toBuilder()
            .clearSignature()
            .setPartSetHeader(parts.header())
            .setTimestamp(header.getTime())
            .setBlockId(
                BlockId.newBuilder().setHash(ByteString.copyFrom(BlockHashes.header(header))))
            .build();
    List<ConsensusMessage> out = new ArrayList<>();
    out.add(
        ConsensusMessage.newBuilder()
            .setProposal(
                unsigned.toBuilder()
                    .setSignature(
                        ByteString.copyFrom(n.key.sign(SignBytes.proposal(CHAIN, unsigned)))))
            .build());
    for (BlockPart part : parts.parts()) {
      out.add(ConsensusMessage.newBuilder().setBlockPart(part).build());
    }
    return out;
  }

  /**
   * The block of the Byzantine node's own proposal {@code p}, from the parts it broadcast just
   * before it (a proposer sends its parts first).
   */
  private Block ownBlock(int node, Proposal p) {
    ByteString bytes = ByteString.EMPTY;
    for (int i = 0; i < p.getPartSetHeader().getTotal(); i++) {
      int index = i;
      BlockPart part =
          ownParts.getOrDefault(node, List.of()).stream()
              .filter(x ->
                  x.getHeight() == p.getHeight()
                      && x.getRound() == p.getRound()
                      && x.getIndex() == index
                      && BlockPartSet.verify(p.getPartSetHeader(), x).isEmpty())
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("a proposal sent before its parts"));
      bytes = bytes.concat(part.getBytes());
    }
    try {
      return Block.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("own block parts do not decode", e);
    }
  }

  /**
   * No honest double-sign: a second message for the same (height, round, type) must name the same
   * block, and the signer's persisted state must already cover every message that leaves.
   */
  private void checkOwnMessage(SimNode n, ConsensusMessage m) {
    long h;
    int r;
    SignStep step;
    ByteString blockId;
    if (m.hasVote()) {
      h = m.getVote().getHeight();
      r = m.getVote().getRound();
      step = m.getVote().getType() == Votes.PREVOTE ? SignStep.PREVOTE : SignStep.PRECOMMIT;
      blockId = m.getVote().getBlockId().getHash();
    } else {
      h = m.getProposal().getHeight();
      r = m.getProposal().getRound();
      step = SignStep.PROPOSAL;
      blockId = m.getProposal().getBlockId().getHash();
    }
    String key = n.index + "/" + h + "/" + r + "/" + step;
    String id = HEX.formatHex(blockId.toByteArray());
    String before = ownVotes.putIfAbsent(key, id);
    if (before != null && !before.equals(id)) {
      fail(
          "double sign: honest node-"
              + n.index
              + " released two "
              + step
              + " messages at "
              + h
              + "/"
              + r
              + " for blocks "
              + before
              + " and "
              + id);
    }
    LastSignState persisted;
    try {
      persisted = LastSignState.fromJson(Files.readAllBytes(n.signerState));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (persisted.compareTo(h, r, step) < 0) {
      fail(
          "double sign protection: node-"
              + n.index
              + " released a "
              + step
              + " at "
              + h
              + "/"
              + r
              + " but its persisted signer state is at "
              + persisted.position());
    }
  }

  // ---------------------------------------------------------------- checks

  private void onCommit(SimNode n, BlockCommitted b) {
    long h = b.height();
    n.height = h;
    trace.update(ByteBuffer.allocate(12).putInt(n.index).putLong(h).array());
    trace.update(b.hash());
    if (n.byzantine) {
      return;
    }
    byte[] first = blockHashes.putIfAbsent(h, b.hash());
    if (first != null && !java.util.Arrays.equals(first, b.hash())) {
      fail(
          "agreement: node-"
              + n.index
              + " committed block "
              + HEX.formatHex(b.hash())
              + " at height "
              + h
              + " but another honest node committed "
              + HEX.formatHex(first));
      return;
    }
    byte[] app = appHashes.putIfAbsent(h, b.appHash());
    if (app != null && !java.util.Arrays.equals(app, b.appHash())) {
      fail(
          "app hash: node-"
              + n.index
              + " has app hash "
              + HEX.formatHex(b.appHash())
              + " after height "
              + h
              + ", another honest node "
              + HEX.formatHex(app));
      return;
    }
    try {
      ValidatorSet set = validatorSet(n, h);
      BlockVerifier.verifyBlock(CHAIN, set, b.block(), b.hash());
      // every distinct commit is verified once (honest nodes usually hold the same one)
      if (verifiedCommits.add(b.commit().toByteString())) {
        BlockVerifier.verifyCommit(CHAIN, set, h, b.hash(), b.commit());
      }
    } catch (InvalidBlockException e) {
      fail("validity: block " + h + " committed by node-" + n.index + ": " + e.getMessage());
      return;
    }
    for (int i = 0; i < b.results().size(); i++) {
      TxResult r = b.results().get(i);
      if (r.getCode() != 0) {
        fail(
            "validity: transaction "
                + i
                + " of block "
                + h
                + " failed with code "
                + r.getCode()
                + ": "
                + r.getLog());
        return;
      }
    }
    if (first == null) {
      txsCommitted += b.results().size();
    }
    List<String> broken = n.app.checkInvariants();
    if (!broken.isEmpty()) {
      fail("invariants of node-" + n.index + " at height " + h + ": " + broken);
      return;
    }
    for (ByteString e : b.block().getEvidence().getEvidenceList()) {
      DuplicateVoteEvidence ev = DuplicateVotes.decode(e.toByteArray());
      committedEvidence.add(pairKey(ev.getVoteA().getSignature(), ev.getVoteB().getSignature()));
      culprits.merge(ev.getVoteA().getValidatorAddress(), h, Math::min);
    }
    uncommitted.removeIf(o ->
        committedEvidence.contains(pairKey(o.first().getSignature(), o.second().getSignature())));
    verifyEvidence(n);
    if (!healed && maxHonestHeight() >= (long) Math.ceil(heights * FAULT_SHARE)) {
      heal();
    }
  }

  private void onHalt(SimNode n, TendermintEngine engine, Throwable cause) {
    if (cause instanceof SimLedger.Crash && n.engine == engine) {
      crashesInCommit++;
      scheduler.after(0, () -> crash(n, 100 + random.nextInt(1401), random.nextBoolean()));
      return;
    }
    fail("node-" + n.index + " halted: " + cause);
  }

  private void onEquivocation(SimNode n, Action.Equivocation e) {
    if (n.byzantine) {
      return;
    }
    ByteString culprit = e.first().getValidatorAddress();
    boolean byzantine =
        nodes.stream()
            .anyMatch(x ->
                x.byzantine
                    && ByteString.copyFrom(x.key.publicKey().address().bytes()).equals(culprit));
    if (!byzantine) {
      fail(
          "equivocation reported against honest validator "
              + HEX.formatHex(culprit.toByteArray())
              + " by node-"
              + n.index);
    }
    Observed o = new Observed(n.index, e.first(), e.second());
    observed.add(o);
    if (!committedEvidence.contains(pairKey(e.first().getSignature(), e.second().getSignature()))) {
      uncommitted.add(o);
    }
    equivocationsObserved++;
    verifyEvidence(n);
  }

  /**
   * Every equivocation an honest node observed, once that node has committed its height, becomes
   * duplicate-vote evidence that {@link EvidenceVerifier} accepts on that node's chain.
   */
  private void verifyEvidence(SimNode n) {
    for (Observed o : observed) {
      long h = o.first().getHeight();
      if (o.node() != n.index || h > n.height) {
        continue;
      }
      Block atHeight = n.ledger.block(h).orElse(null);
      Block current = n.ledger.block(n.height).orElse(null);
      if (atHeight == null || current == null) {
        continue;
      }
      ValidatorSet set = validatorSet(n, h);
      var evidence = DuplicateVotes.of(o.first(), o.second(), set, atHeight.getHeader().getTime());
      Verification v =
          EvidenceVerifier.verify(
              evidence,
              set,
              Votes.instant(atHeight.getHeader().getTime()),
              CHAIN,
              n.height,
              Votes.instant(current.getHeader().getTime()),
              EvidenceParams.DEFAULT);
      if (!v.isValid()) {
        fail("evidence: node-" + n.index + " observed an equivocation at height " + h + ": " + v);
      }
      evidenceVerified++;
    }
    observed.removeIf(o -> o.node() == n.index && o.first().getHeight() <= n.height);
  }

  /** "node-N at h/r/type (pending in its pool: yes|no)" for each uncommitted observation. */
  private String describeUncommitted() {
    List<String> out = new ArrayList<>();
    for (Observed o : uncommitted) {
      SimNode n = nodes.get(o.node());
      String key = pairKey(o.first().getSignature(), o.second().getSignature());
      boolean pending =
          n.engine.evidencePool().pending().stream()
              .anyMatch(e ->
                  pairKey(e.getVoteA().getSignature(), e.getVoteB().getSignature()).equals(key));
      out.add(
          "node-"
              + o.node()
              + " at "
              + o.first().getHeight()
              + "/"
              + o.first().getRound()
              + "/"
              + o.first().getType()
              + " (pending in its pool: "
              + (pending ? "yes" : "no")
              + ")");
    }
    return String.join(", ", out);
  }

  /** The set that decided block {@code h} on node {@code n}'s chain. */
  private ValidatorSet validatorSet(SimNode n, long h) {
    return TendermintEngine.storedValidatorSet(n.db, h)
        .map(io.lattice.consensus.tendermint.ValidatorSet::toProto)
        .orElse(genesisSet);
  }

  /** Evidence of a pair of votes is the same whichever order the votes are in. */
  private static String pairKey(ByteString x, ByteString y) {
    String a = HEX.formatHex(x.toByteArray());
    String b = HEX.formatHex(y.toByteArray());
    return a.compareTo(b) < 0 ? a + "/" + b : b + "/" + a;
  }

  private static String operator(SimNode n) {
    return n.key.publicKey().address().toString();
  }

  /**
   * Every validator named by committed evidence is slashed, jailed and tombstoned in the state of
   * every running honest node that has committed the block carrying that evidence.
   */
  private void checkSlashed() {
    for (SimNode culprit : nodes) {
      Long named = culprits.get(ByteString.copyFrom(culprit.key.publicKey().address().bytes()));
      if (named == null) {
        continue;
      }
      BigInteger bonded = PosGenesis.POWER_REDUCTION.multiply(BigInteger.valueOf(culprit.power));
      for (SimNode n : nodes) {
        if (n.byzantine || !n.alive || n.height < named) {
          continue;
        }
        ObjectNode byOperator =
            JsonNodeFactory.instance.objectNode().put("address", operator(culprit));
        JsonNode validator = n.app.query("staking/validator", byOperator, 0);
        JsonNode info = n.app.query("slashing/signing_info", byOperator, 0);
        BigInteger tokens = new BigInteger(validator.path("tokens").asText("0"));
        if (!validator.path("jailed").asBoolean()
            || !info.path("tombstoned").asBoolean()
            || tokens.compareTo(bonded) >= 0) {
          fail(
              "slash: committed evidence names node-"
                  + culprit.index
                  + " but node-"
                  + n.index
                  + " has it jailed="
                  + validator.path("jailed").asBoolean()
                  + ", tombstoned="
                  + info.path("tombstoned").asBoolean()
                  + ", tokens "
                  + tokens
                  + " of "
                  + bonded
                  + " bonded at genesis");
          return;
        }
      }
    }
  }

  private void finalChecks() {
    if (failure != null) {
      return;
    }
    checkSlashed();
    for (SimNode n : nodes) {
      if (!n.byzantine && n.alive) {
        verifyEvidence(n);
        if (n.engine.committedHeight() != n.height) {
          fail(
              "node-"
                  + n.index
                  + " reports height "
                  + n.engine.committedHeight()
                  + " but committed "
                  + n.height);
        }
      }
    }
  }
}
