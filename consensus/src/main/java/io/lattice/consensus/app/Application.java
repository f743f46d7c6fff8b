package io.lattice.consensus.app;

import io.lattice.storage.WriteBatch;
import java.util.List;
import java.util.function.Predicate;

/**
 * The state machine as seen by a consensus engine (the role ABCI plays for CometBFT). The
 * single-validator engine and the BFT engine drive the same port, so the application never knows
 * which one decided a block.
 *
 * <p>Contract: called from one thread at a time (the engine's). {@link #finalizeBlock} executes on
 * a working copy and changes nothing durable; {@link #commit} stages the working copy's writes into
 * the engine's batch, which the engine writes with fsync together with the block, so that block and
 * state become durable in one write. Implementations never throw because of a bad transaction:
 * rejections are results with a non-zero code and a reason.
 */
public interface Application {
  /** The last committed height (0 before genesis) and the app hash after it. */
  AppInfo info();

  /**
   * Loads genesis state (the application part of genesis.json, as JSON bytes) when {@code
   * info().height() == 0}; stages its writes into {@code batch} and returns the genesis app hash.
   *
   * @throws IllegalArgumentException naming what is wrong with the genesis document
   */
  byte[] initChain(byte[] appStateJson, WriteBatch batch);

  /**
   * Checks a transaction against the latest committed state for mempool admission ({@code recheck =
   * false}) or re-validation after a block ({@code recheck = true}).
   */
  CheckTxResult checkTx(byte[] tx, boolean recheck);

  /**
   * Like {@link #checkTx}, but the check's effect on the check state (for example the sender's
   * advanced sequence) is kept only when the transaction passes and {@code keep} accepts the
   * result: a mempool refusing a valid transaction (full, sequence already taken) must not leave
   * the sender's next sequence advanced. {@code keep} is called only for a passing transaction. The
   * default keeps the effect whatever {@code keep} says, for applications whose checks change
   * nothing.
   */
  default CheckTxResult checkTx(byte[] tx, boolean recheck, Predicate<CheckTxResult> keep) {
    CheckTxResult result = checkTx(tx, recheck);
    if (result.isOk()) {
      var unused = keep.test(result);
    }
    return result;
  }

  /**
   * Does the expensive, stateless part of {@link #checkTx} (signature verification) ahead of it, on
   * the caller's thread and without the locks {@code checkTx} runs under, so that an application
   * that remembers verified signatures checks the transaction quickly later. Safe to call from any
   * thread at any time; a failure here is not reported (checkTx reports it). Does nothing by
   * default.
   */
  default void preverify(byte[] tx) {}

  /** Executes a decided block's transactions in order and returns their results. */
  FinalizedBlock finalizeBlock(BlockContext context, List<byte[]> txs);

  /** Stages the state written by the last {@link #finalizeBlock} into {@code batch}. */
  void commit(WriteBatch batch);

  /** Called after the engine's batch is durable; the committed state becomes visible. */
  default void afterCommit() {}
}
