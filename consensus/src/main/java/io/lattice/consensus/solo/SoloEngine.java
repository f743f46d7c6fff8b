package io.lattice.consensus.solo;

import com.google.protobuf.ByteString;
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
import io.lattice.consensus.app.TxSource;
import io.lattice.consensus.block.BlockHashes;
import io.lattice.consensus.block.BlockVerifier;
import io.lattice.consensus.block.InvalidBlockException;
import io.lattice.consensus.block.Votes;
import io.lattice.consensus.chain.ChainTip;
import io.lattice.crypto.Signer;
import io.lattice.proto.types.v1.Block;
import io.lattice.proto.types.v1.BlockId;
import io.lattice.proto.types.v1.BlockIdFlag;
import io.lattice.proto.types.v1.Commit;
import io.lattice.proto.types.v1.CommitSig;
import io.lattice.proto.types.v1.Header;
import io.lattice.proto.types.v1.Timestamp;
import io.lattice.proto.types.v1.TxResult;
import io.lattice.proto.types.v1.Validator;
import io.lattice.proto.types.v1.ValidatorSet;
import io.lattice.storage.KeyValueStore;
import io.lattice.storage.WriteBatch;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Single-validator block production (consensus/README.md; docs/spec/consensus.md, "Single-validator
 * engine").
 *
 * <p>A core driven by one event, the block-interval tick, on the {@link Scheduler}'s thread. On
 * each tick it builds block H from the {@link TxSource}, executes it with {@link
 * Application#finalizeBlock}, signs the precommit that decides it, stages the application's state
 * and the block, commit and results into one batch, writes it once with sync, then calls {@link
 * TxSource#update} (which runs {@link Application#afterCommit} under the mempool's exclusion) and
 * the listeners, in that order. A failure before the write leaves nothing durable; the engine then
 * halts and tells its listeners.
 */
public final class SoloEngine implements ConsensusEngine {
  private static final Logger log = LoggerFactory.getLogger(SoloEngine.class);

  private final SoloConfig config;
  private final ValidatorSet validators;
  private final byte[] validatorsHash;
  private final Signer validatorKey;
  private final byte[] proposer;
  private final Application app;
  private final TxSource txSource;
  private final KeyValueStore db;
  private final BlockLedger ledger;
  private final Clock clock;
  private final Scheduler scheduler;
  private final List<EngineListener> listeners = new CopyOnWriteArrayList<>();

  // Engine state, touched only on the scheduler thread (and in start(), before the first tick).
  private ChainTip tip;
  private volatile long height;
  private volatile boolean running;
  private Scheduler.Cancellable nextTick = () -> {};

  /**
   * @throws IllegalArgumentException when {@code validatorKey} does not hold more than two thirds
   *     of {@code validators}' power, which a single-validator chain needs
   */
  public SoloEngine(
      SoloConfig config,
      ValidatorSet validators,
      Signer validatorKey,
      Application app,
      TxSource txSource,
      KeyValueStore db,
      BlockLedger ledger,
      Clock clock,
      Scheduler scheduler) {
    this.config = config;
    this.validators = validators;
    this.validatorsHash = BlockHashes.validators(validators);
    this.validatorKey = validatorKey;
    this.proposer = validatorKey.publicKey().address().bytes();
    this.app = app;
    this.txSource = txSource;
    this.db = db;
    this.ledger = ledger;
    this.clock = clock;
    this.scheduler = scheduler;
    long total = 0;
    long own = 0;
    for (Validator v : validators.getValidatorsList()) {
      total += v.getVotingPower();
      if (Arrays.equals(v.getAddress().toByteArray(), proposer)) {
        own += v.getVotingPower();
      }
    }
    if (own * 3 <= total * 2) {
      throw new IllegalArgumentException(
          "the validator key "
              + validatorKey.publicKey().address()
              + " holds "
              + own
              + " of "
              + total
              + " voting power; the single-validator engine needs more than 2/3");
    }
  }

  /**
   * Loads the last committed block and its commit, checks them, and schedules the first tick.
   *
   * @throws IllegalStateException when the application and the block store disagree on the height
   *     or the stored commit does not verify
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
    byte[] appHash = info.appHash();
    tip = new ChainTip(config.chainId(), config.initialHeight(), config.genesisTime(), appHash);
    height = stored;
    if (stored > 0) {
      Block block = ledger.block(stored).orElseThrow(() -> missing("block", stored));
      Commit commit = ledger.commit(stored).orElseThrow(() -> missing("commit", stored));
      List<TxResult> results = ledger.results(stored).orElseThrow(() -> missing("results", stored));
      byte[] lastHash = BlockHashes.header(block.getHeader());
      try {
        BlockVerifier.verifyBlock(config.chainId(), validators, block, lastHash);
        BlockVerifier.verifyCommit(config.chainId(), validators, stored, lastHash, commit);
      } catch (InvalidBlockException e) {
        throw new IllegalStateException(
            "stored block " + stored + " is invalid: " + e.getMessage());
      }
      byte[] expected = ledger.appHash(stored).orElseThrow(() -> missing("app hash", stored));
      if (!Arrays.equals(expected, appHash)) {
        throw new IllegalStateException(
            "application state hash "
                + HexFormat.of().formatHex(appHash)
                + " differs from the app hash recorded with block "
                + stored
                + ": "
                + HexFormat.of().formatHex(expected));
      }
      tip.advance(lastHash, Votes.instant(block.getHeader().getTime()), commit, results, appHash);
    }
    running = true;
    nextTick = scheduler.schedule(config.blockInterval(), this::onTick);
    log.info("single-validator engine started at height {}", stored);
  }

  private static IllegalStateException missing(String what, long h) {
    return new IllegalStateException("block store has no " + what + " for its latest height " + h);
  }

  @Override
  public void stop() {
    synchronized (this) {
      running = false;
      nextTick.cancel();
    }
    scheduler.close();
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

  /** Upon the block-interval tick: produce the next block, then schedule the next tick. */
  private void onTick() {
    if (!running) {
      return;
    }
    BlockCommitted committed;
    try {
      committed = produce();
    } catch (RuntimeException e) {
      log.error("block production failed at height {}; halting", height + 1, e);
      running = false;
      for (EngineListener l : listeners) {
        l.halted(e);
      }
      return;
    }
    for (EngineListener l : listeners) {
      try {
        l.committed(committed);
      } catch (RuntimeException e) {
        log.warn("block listener failed", e);
      }
    }
    if (running) {
      nextTick = scheduler.schedule(config.blockInterval(), this::onTick);
    }
  }

  private BlockCommitted produce() {
    long h = height == 0 ? config.initialHeight() : height + 1;
    List<byte[]> txs = txSource.reap(config.maxBlockBytes(), config.maxBlockGas());
    Block block = tip.build(h, clock.now(), txs, validatorsHash, validatorsHash, proposer);
    Header header = block.getHeader();
    Timestamp ts = header.getTime();
    Instant time = Votes.instant(ts);
    byte[] hash = BlockHashes.header(header);

    FinalizedBlock finalized =
        app.finalizeBlock(new BlockContext(config.chainId(), h, time, proposer.clone()), txs);
    if (finalized.txResults().size() != txs.size()) {
      throw new IllegalStateException(
          "application returned "
              + finalized.txResults().size()
              + " results for "
              + txs.size()
              + " transactions");
    }
    Commit commit = sign(h, hash, ts);
    BlockCommitted committed =
        new BlockCommitted(
            block, hash, commit, List.copyOf(finalized.txResults()), finalized.appHash().clone());

    try (WriteBatch batch = db.newBatch()) {
      app.commit(batch);
      ledger.stage(batch, committed);
      db.write(batch, true);
    }
    txSource.update(h, txs, app::afterCommit);

    height = h;
    tip.advance(hash, time, commit, committed.results(), finalized.appHash());
    return committed;
  }

  /** The solo validator's precommit for block {@code hash} at {@code h}: a commit of 1 of 1. */
  private Commit sign(long h, byte[] hash, Timestamp ts) {
    BlockId blockId = BlockId.newBuilder().setHash(ByteString.copyFrom(hash)).build();
    byte[] signature =
        validatorKey.sign(Votes.signBytes(config.chainId(), Votes.PRECOMMIT, h, 0, blockId, ts));
    return Commit.newBuilder()
        .setHeight(h)
        .setRound(0)
        .setBlockId(blockId)
        .addSignatures(
            CommitSig.newBuilder()
                .setBlockIdFlag(BlockIdFlag.BLOCK_ID_FLAG_COMMIT)
                .setValidatorAddress(ByteString.copyFrom(proposer))
                .setTimestamp(ts)
                .setSignature(ByteString.copyFrom(signature)))
        .build();
  }
}
