package io.lattice.consensus.tendermint;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.lattice.common.Clock;
import io.lattice.consensus.BlockCommitted;
import io.lattice.consensus.BlockLedger;
import io.lattice.consensus.ConsensusEngine;
import io.lattice.consensus.EngineListener;
import io.lattice.consensus.Scheduler;
import io.lattice.consensus.app.AppInfo;
import io.lattice.consensus.app.Application;
import io.lattice.consensus.app.BlockContext;
import io.lattice.consensus.app.FinalizedBlock;
import io.lattice.consensus.app.Misbehavior;
import io.lattice.consensus.app.TxSource;
import io.lattice.consensus.app.ValidatorUpdate;
import io.lattice.consensus.block.BlockHashes;
import io.lattice.consensus.block.BlockVerifier;
import io.lattice.consensus.block.InvalidBlockException;
import io.lattice.consensus.block.Votes;
import io.lattice.consensus.chain.ChainTip;
import io.lattice.consensus.evidence.ChainHistory;
import io.lattice.consensus.evidence.DuplicateVotes;
import io.lattice.consensus.evidence.EvidencePool;
import io.lattice.consensus.evidence.Verification;
import io.lattice.consensus.wal.ConsensusWal;
import io.lattice.crypto.CryptoException;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.PublicKey;
import io.lattice.proto.consensus.v1.ConsensusMessage;
import io.lattice.proto.consensus.v1.DuplicateVoteEvidence;
import io.lattice.proto.consensus.v1.ValidatorSetState;
import io.lattice.proto.types.v1.Block;
import io.lattice.proto.types.v1.Commit;
import io.lattice.proto.types.v1.Validator;
import io.lattice.storage.KeyValueStore;
import io.lattice.storage.WriteBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The BFT engine: runs a {@link ConsensusCore} on the {@link Scheduler}'s thread, feeds it messages
 * from the {@link ConsensusNetwork} and timeouts, logs every input and own message in the
 * write-ahead log (docs/spec/consensus.md, "Write-ahead log"), and executes decided blocks as the
 * single-validator engine does: {@code finalizeBlock}, then one synced batch with the application's
 * state, the block ({@link BlockLedger#stage}) and the validator sets of the next heights, then
 * {@link TxSource#update}, the end-height WAL marker and the listeners.
 *
 * <p>Validator sets with their proposer priorities are stored in the same batch under {@code 'C'
 * 'v' height:u64} (a {@code ValidatorSetState}), so a restart selects the same proposers.
 *
 * <p>Evidence (docs/spec/consensus.md, "Evidence"): an equivocation the core finds becomes
 * duplicate-vote evidence once the block of its height is committed (the evidence names that
 * block's time), enters the {@link EvidencePool} (under {@code 'C' 'e'}) and is broadcast; evidence
 * from peers is verified into the pool. A proposer puts the pending evidence into its block, every
 * validator checks a proposed block's evidence, and a decided block's evidence reaches the
 * application as {@link Misbehavior} and is marked committed in the block's batch.
 */
public final class TendermintEngine implements ConsensusEngine {
  private static final Logger log = LoggerFactory.getLogger(TendermintEngine.class);
  private static final byte[] VALSET_PREFIX = {'C', 'v'};

  /** Log context keys (SLF4J MDC) set on the engine thread: the height and round being decided. */
  public static final String MDC_HEIGHT = "height";

  public static final String MDC_ROUND = "round";
  private static final byte[] EVIDENCE_PREFIX = {'C', 'e'};

  /** Most equivocations kept while their height's block is not committed yet. */
  static final int MAX_UNPROVEN = 1024;

  private final TendermintConfig config;
  private final io.lattice.proto.types.v1.ValidatorSet genesisValidators;
  private final VoteSigner signer;
  private final Application app;
  private final TxSource txSource;
  private final KeyValueStore db;
  private final BlockLedger ledger;
  private final Clock clock;
  private final Scheduler scheduler;
  private final ConsensusNetwork network;
  private final List<EngineListener> listeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<Action.Equivocation>> equivocationListeners =
      new CopyOnWriteArrayList<>();
  private final Map<String, Long> dropsByPeer = new ConcurrentHashMap<>();
  private final EvidencePool evidence;

  // Touched only on the scheduler thread (and in start(), before anything is scheduled).
  private ChainTip tip;
  private NextBlockRules rules;
  private final ArrayDeque<Event> queue = new ArrayDeque<>();
  private final Set<ConsensusMessage> logged = new HashSet<>();
  private final List<Action.Equivocation> unproven = new ArrayList<>();
  private ConsensusCore core;
  private ConsensusWal wal;
  private AutoCloseable subscription = () -> {};
  private boolean draining;
  private volatile long height;
  private volatile boolean running;

  public TendermintEngine(
      TendermintConfig config,
      io.lattice.proto.types.v1.ValidatorSet genesisValidators,
      VoteSigner signer,
      Application app,
      TxSource txSource,
      KeyValueStore db,
      BlockLedger ledger,
      Clock clock,
      Scheduler scheduler,
      ConsensusNetwork network) {
    this.config = config;
    this.genesisValidators = genesisValidators;
    this.signer = signer;
    this.app = app;
    this.txSource = txSource;
    this.db = db;
    this.ledger = ledger;
    this.clock = clock;
    this.scheduler = scheduler;
    this.network = network;
    this.evidence =
        new EvidencePool(db, EVIDENCE_PREFIX, config.chainId(), config.evidence(), new History());
  }

  /** What the evidence pool reads about past heights: the stored sets and the ledger's blocks. */
  private final class History implements ChainHistory {
    @Override
    public Optional<io.lattice.proto.types.v1.ValidatorSet> validatorSet(long h) {
      return storedSet(h).map(ValidatorSet::toProto);
    }

    @Override
    public Optional<Instant> blockTime(long h) {
      return ledger.block(h).map(b -> Votes.instant(b.getHeader().getTime()));
    }
  }

  /**
   * Loads the chain tip, replays the WAL of the next height and starts consensus.
   *
   * @throws IllegalStateException when the application and the block store disagree, a stored block
   *     does not verify, or the WAL cannot be opened
   */
  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    AppInfo info = app.info();
    long stored = ledger.latestHeight();
    if (info.height() != stored) {
      throw new IllegalStateException(
          "application is at height " + info.height() + " but the block store at " + stored);
    }
    tip =
        new ChainTip(
            config.chainId(), config.initialHeight(), config.genesisTime(), info.appHash());
    rules = new NextBlockRules(config, tip, evidence);
    ValidatorSet validators;
    ValidatorSet next;
    if (stored == 0) {
      validators = ValidatorSet.genesis(genesisValidators);
      next = validators.incrementPriority(1);
    } else {
      ValidatorSet decidedBy = loadSet(stored);
      validators = loadSet(stored + 1);
      next = loadSet(stored + 2);
      loadTip(stored, decidedBy);
    }
    height = stored;
    long h = stored == 0 ? config.initialHeight() : stored + 1;
    try {
      wal = ConsensusWal.open(config.walFile());
    } catch (IOException e) {
      throw new IllegalStateException("cannot open consensus WAL " + config.walFile(), e);
    }
    core =
        new ConsensusCore(
            config.core(),
            signer,
            this::createBlock,
            b -> rules.invalidReason(b, core.validators()));
    running = true;
    // replay and start on the engine thread, so that timeouts scheduled by the replay never run
    // beside it; messages from peers queue up behind it
    scheduler.execute(() -> replayAndStart(h, validators, next));
    subscription = network.onMessage((peer, m) -> scheduler.execute(() -> received(peer, m)));
  }

  private void received(String peer, ConsensusMessage m) {
    switch (m.getMessageCase()) {
      case PROPOSAL -> input(new Event.ProposalReceived(m.getProposal(), peer));
      case VOTE -> input(new Event.VoteReceived(m.getVote(), peer));
      case BLOCK_PART -> input(new Event.BlockPartReceived(m.getBlockPart(), peer));
      case EVIDENCE -> evidenceReceived(peer, m.getEvidence());
      case MESSAGE_NOT_SET -> perform(List.of(new Action.Dropped(peer, "empty consensus message")));
    }
  }

  /**
   * Verifies gossiped evidence into the pool. Evidence this node cannot judge yet (a height it has
   * not committed) or already has is ignored; evidence that fails verification counts against the
   * peer.
   */
  private void evidenceReceived(String peer, DuplicateVoteEvidence ev) {
    if (!running) {
      return;
    }
    Optional<Instant> now = tip.lastTime();
    if (now.isEmpty()) {
      return;
    }
    if (evidence.add(ev, height, now.get()) instanceof Verification.Invalid invalid) {
      switch (invalid.reason()) {
        case ALREADY_PENDING, ALREADY_COMMITTED, UNKNOWN_HEIGHT -> {}
        default -> perform(List.of(new Action.Dropped(peer, "evidence: " + invalid)));
      }
    } else {
      log.warn(
          "duplicate-vote evidence against {} at height {} received from {} is pending",
          HexFormat.of().formatHex(ev.getVoteA().getValidatorAddress().toByteArray()),
          ev.getVoteA().getHeight(),
          peer);
    }
  }

  private void replayAndStart(long h, ValidatorSet validators, ValidatorSet next) {
    if (!running) {
      return;
    }
    try {
      ConsensusWal.Replay replay = wal.replay(h);
      for (Event e : replay.beforeStart()) {
        logged.add(((Event.OwnMessageRecovered) e).message());
        perform(core.handle(e));
      }
      perform(core.handle(new Event.Start(h, validators, next, tip.lastCommit())));
      for (Event e : replay.afterStart()) {
        perform(core.handle(e));
      }
      log.info(
          "Tendermint engine started at height {} (replayed {} WAL records)",
          h,
          replay.beforeStart().size() + replay.afterStart().size());
    } catch (RuntimeException e) {
      halt(e);
    }
  }

  private void loadTip(long stored, ValidatorSet decidedBy) {
    Block block = ledger.block(stored).orElseThrow(() -> missing("block", stored));
    Commit commit = ledger.commit(stored).orElseThrow(() -> missing("commit", stored));
    var results = ledger.results(stored).orElseThrow(() -> missing("results", stored));
    byte[] hash = BlockHashes.header(block.getHeader());
    try {
      BlockVerifier.verifyBlock(config.chainId(), decidedBy.toProto(), block, hash);
      BlockVerifier.verifyCommit(config.chainId(), decidedBy.toProto(), stored, hash, commit);
    } catch (InvalidBlockException e) {
      throw new IllegalStateException("stored block " + stored + " is invalid: " + e.getMessage());
    }
    byte[] expected = ledger.appHash(stored).orElseThrow(() -> missing("app hash", stored));
    if (!Arrays.equals(expected, tip.appHash())) {
      throw new IllegalStateException(
          "application state hash "
              + HexFormat.of().formatHex(tip.appHash())
              + " differs from the app hash recorded with block "
              + stored);
    }
    tip.advance(hash, Votes.instant(block.getHeader().getTime()), commit, results, tip.appHash());
    rules.lastValidators(decidedBy);
  }

  private static IllegalStateException missing(String what, long h) {
    return new IllegalStateException("block store has no " + what + " for its latest height " + h);
  }

  private static byte[] valsetKey(long h) {
    return ByteBuffer.allocate(VALSET_PREFIX.length + 8).put(VALSET_PREFIX).putLong(h).array();
  }

  private ValidatorSet loadSet(long h) {
    return storedSet(h)
        .orElseThrow(() -> new IllegalStateException("no validator set stored for height " + h));
  }

  private Optional<ValidatorSet> storedSet(long h) {
    return storedValidatorSet(db, h);
  }

  /**
   * Stages the validator set (with proposer priorities) of {@code height} where the engine keeps
   * it; for a node that restores a state snapshot instead of committing the blocks before it.
   */
  public static void stageValidatorSet(WriteBatch batch, long height, ValidatorSetState state) {
    batch.put(valsetKey(height), state.toByteArray());
  }

  /**
   * The validator set (with proposer priorities) that decides block {@code height}, as an engine
   * stored it in {@code db}; empty before the engine stored it (the first heights of a new chain
   * use the genesis set).
   *
   * @throws IllegalStateException when the stored bytes do not decode
   */
  public static Optional<ValidatorSet> storedValidatorSet(KeyValueStore db, long height) {
    Optional<byte[]> bytes = db.get(valsetKey(height));
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(ValidatorSet.fromState(ValidatorSetState.parseFrom(bytes.get())));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("validator set of height " + height + " does not decode", e);
    }
  }

  @Override
  public void stop() {
    synchronized (this) {
      running = false;
      try {
        subscription.close();
      } catch (Exception e) {
        log.warn("closing the network subscription failed", e);
      }
    }
    scheduler.close();
    if (wal != null) {
      try {
        wal.close();
      } catch (IOException e) {
        log.warn("closing the consensus WAL failed", e);
      }
    }
  }

  @Override
  public long committedHeight() {
    return height;
  }

  @Override
  public AutoCloseable addListener(EngineListener listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** Receives duplicate-vote evidence found by the core (on the engine thread). */
  public AutoCloseable addEquivocationListener(Consumer<Action.Equivocation> listener) {
    equivocationListeners.add(listener);
    return () -> equivocationListeners.remove(listener);
  }

  /**
   * Catch-up (block sync): block {@code block} with the commit that decided it, from {@code peer}.
   * Decided when it is for the height the engine is at and the commit verifies; otherwise dropped
   * with a reason. Thread-safe: the block is handed to the engine thread.
   */
  public void commitReceived(Block block, Commit commit, String peer) {
    scheduler.execute(() -> input(new Event.CommitReceived(block, commit, peer)));
  }

  /** The core's round state; call on the engine thread (or when it is stopped). */
  public RoundState roundState() {
    return core.state();
  }

  /** Evidence pending and committed on this node (thread-safe). */
  public EvidencePool evidencePool() {
    return evidence;
  }

  /** How many messages of {@code peer} were dropped as invalid (for peer scoring). */
  public long dropped(String peer) {
    return dropsByPeer.getOrDefault(peer, 0L);
  }

  /** Logs {@code event} in the WAL, hands it to the core and performs the actions, in order. */
  private void input(Event event) {
    queue.add(event);
    if (draining) {
      return;
    }
    draining = true;
    try {
      Event e;
      while (running && (e = queue.poll()) != null) {
        wal.logInput(e);
        logContext();
        perform(core.handle(e));
      }
    } catch (IOException | RuntimeException failure) {
      halt(failure);
    } finally {
      draining = false;
      queue.clear();
    }
  }

  private void halt(Exception cause) {
    log.error("consensus failed at height {}; halting", height + 1, cause);
    running = false;
    for (EngineListener l : listeners) {
      l.halted(cause);
    }
  }

  /**
   * Names the height and round the core is at in the log context of the engine thread, so every
   * line it logs carries them; set before an event is handled and again before its actions run (one
   * event can move the core to the next height and decide it).
   */
  private void logContext() {
    MDC.put(MDC_HEIGHT, Long.toString(core.height()));
    MDC.put(MDC_ROUND, Integer.toString(core.round()));
  }

  private void perform(List<Action> actions) {
    logContext();
    for (Action a : actions) {
      if (!running) {
        return;
      }
      switch (a) {
        case Action.Broadcast b -> {
          if (logged.add(b.message())) {
            try {
              wal.logOwn(b.message()); // fsync (parts: by their proposal) before it leaves
            } catch (IOException e) {
              throw new IllegalStateException("cannot write own message to the WAL", e);
            }
          }
          network.broadcast(b.message());
        }
        case Action.ScheduleTimeout t ->
            scheduler.schedule(
                t.after(), () -> input(new Event.TimeoutFired(t.height(), t.round(), t.step())));
        case Action.Decide d -> decide(d);
        case Action.Equivocation e -> {
          log.warn(
              "equivocation by {} at height {} round {}",
              HexFormat.of().formatHex(e.first().getValidatorAddress().toByteArray()),
              e.first().getHeight(),
              e.first().getRound());
          if (unproven.size() < MAX_UNPROVEN) {
            unproven.add(e);
          }
          if (e.first().getHeight() <= height) {
            // a late vote of a committed height: its block time is known already
            proveEquivocations();
          }
          for (Consumer<Action.Equivocation> l : equivocationListeners) {
            l.accept(e);
          }
        }
        case Action.Dropped d -> {
          log.debug(
              "dropped a message from {}: {}", d.peer().isEmpty() ? "self" : d.peer(), d.reason());
          if (!d.peer().isEmpty()) {
            dropsByPeer.merge(d.peer(), 1L, Long::sum);
          }
        }
        case Action.SignRefused r -> log.warn("signer refused: {}", r.reason());
      }
    }
  }

  private Block createBlock(long h, int round, Commit lastCommit) {
    List<byte[]> txs = txSource.reap(config.maxBlockBytes(), config.maxBlockGas());
    List<byte[]> pending =
        h == config.initialHeight()
            ? List.of()
            : evidence.pending(config.maxEvidenceBytes()).stream()
                .map(DuplicateVotes::encode)
                .toList();
    return tip.build(
        h,
        clock.now(),
        txs,
        pending,
        core.validators().hash(),
        core.nextValidators().hash(),
        signer.address().bytes());
  }

  /** Executes and persists a decided block, then tells the listeners and the core. */
  private void decide(Action.Decide d) {
    Block block = d.block();
    long h = d.height();
    List<byte[]> txs = block.getData().getTxsList().stream().map(ByteString::toByteArray).toList();
    List<DuplicateVoteEvidence> committedEvidence =
        block.getEvidence().getEvidenceList().stream()
            .map(b -> DuplicateVotes.decode(b.toByteArray()))
            .toList();
    var context =
        new BlockContext(
            config.chainId(),
            h,
            Votes.instant(block.getHeader().getTime()),
            block.getHeader().getProposerAddress().toByteArray(),
            rules.lastCommitVotes(block.getLastCommit()),
            committedEvidence.stream().map(TendermintEngine::misbehavior).toList());
    FinalizedBlock finalized = app.finalizeBlock(context, txs);
    if (finalized.txResults().size() != txs.size()) {
      throw new IllegalStateException(
          "application returned "
              + finalized.txResults().size()
              + " results for "
              + txs.size()
              + " transactions");
    }
    List<Validator> updates = new ArrayList<>();
    for (ValidatorUpdate u : finalized.validatorUpdates()) {
      updates.add(validator(u));
    }
    ValidatorSet decidedBy = core.validators();
    ValidatorSet next = core.nextValidators();
    ValidatorSet afterNext = next.withUpdates(updates).incrementPriority(1);
    byte[] hash = BlockHashes.header(block.getHeader());
    BlockCommitted committed =
        new BlockCommitted(
            block, hash, d.commit(), List.copyOf(finalized.txResults()), finalized.appHash());
    try (WriteBatch batch = db.newBatch()) {
      app.commit(batch);
      ledger.stage(batch, committed);
      evidence.stageCommitted(batch, committedEvidence);
      batch.put(valsetKey(h), decidedBy.toState().toByteArray());
      batch.put(valsetKey(h + 1), next.toState().toByteArray());
      batch.put(valsetKey(h + 2), afterNext.toState().toByteArray());
      db.write(batch, true);
    }
    txSource.update(h, txs, app::afterCommit);
    tip.advance(
        hash,
        Votes.instant(block.getHeader().getTime()),
        d.commit(),
        committed.results(),
        finalized.appHash());
    rules.lastValidators(decidedBy);
    height = h;
    logged.clear(); // own messages are of the decided height or earlier, the WAL has them all
    try {
      wal.endHeight(h);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the end-height marker to the WAL", e);
    }
    proveEquivocations();
    for (EngineListener l : listeners) {
      try {
        l.committed(committed);
      } catch (RuntimeException e) {
        log.warn("block listener failed", e);
      }
    }
    // the core hears of it after the actions of the current event (same thread, in order)
    scheduler.execute(() -> input(new Event.Committed(h, updates)));
  }

  private static Misbehavior misbehavior(DuplicateVoteEvidence ev) {
    return new Misbehavior(
        Misbehavior.Type.DUPLICATE_VOTE,
        ev.getVoteA().getValidatorAddress().toByteArray(),
        ev.getVoteA().getHeight(),
        Votes.instant(ev.getTimestamp()),
        ev.getTotalVotingPower());
  }

  /**
   * Turns the equivocations of committed heights into evidence (their block time is known now),
   * adds it to the pool and broadcasts it; prunes expired evidence.
   */
  private void proveEquivocations() {
    long h = height;
    Optional<Instant> lastTime = tip.lastTime();
    if (lastTime.isEmpty()) {
      return;
    }
    Instant time = lastTime.get();
    List<Action.Equivocation> later = new ArrayList<>();
    for (Action.Equivocation e : unproven) {
      long at = e.first().getHeight();
      if (at > h) {
        later.add(e);
        continue;
      }
      Optional<io.lattice.proto.types.v1.ValidatorSet> set =
          storedSet(at).map(ValidatorSet::toProto);
      Optional<Instant> blockTime =
          ledger.block(at).map(b -> Votes.instant(b.getHeader().getTime()));
      if (set.isEmpty() || blockTime.isEmpty()) {
        log.warn("dropping an equivocation at height {}: its validator set or block is gone", at);
        continue;
      }
      DuplicateVoteEvidence ev =
          DuplicateVotes.of(e.first(), e.second(), set.get(), Votes.timestamp(blockTime.get()));
      Verification v = evidence.add(ev, h, time);
      if (v.isValid()) {
        log.warn("duplicate-vote evidence at height {} is pending; broadcasting it", at);
        network.broadcast(ConsensusMessage.newBuilder().setEvidence(ev).build());
      } else if (v instanceof Verification.Invalid invalid
          && invalid.reason() != Verification.Reason.ALREADY_PENDING
          && invalid.reason() != Verification.Reason.ALREADY_COMMITTED) {
        log.warn("equivocation at height {} not kept as evidence: {}", at, invalid);
      }
    }
    unproven.clear();
    unproven.addAll(later);
    evidence.prune(h, time);
  }

  private static Validator validator(ValidatorUpdate u) {
    try {
      PublicKey key =
          PublicKey.decode(
              KeyAlgorithm.fromId(u.pubKey().getAlgorithm()), u.pubKey().getKey().toByteArray());
      return Validator.newBuilder()
          .setAddress(ByteString.copyFrom(key.address().bytes()))
          .setPubKey(u.pubKey())
          .setVotingPower(u.power())
          .build();
    } catch (CryptoException e) {
      throw new IllegalStateException("application returned an invalid validator key", e);
    }
  }
}
