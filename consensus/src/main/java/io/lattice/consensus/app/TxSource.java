package io.lattice.consensus.app;

import java.util.List;

/**
 * Where a consensus engine takes the transactions of the blocks it proposes (the mempool).
 *
 * <p>Contract: thread-safe; {@link #reap} and {@link #update} are called from the engine's thread
 * while other threads may add transactions. {@link #reap} never removes anything; {@link #update}
 * is called once per committed block, in height order, after the block is durable.
 */
public interface TxSource {
  /**
   * Transactions for the next block in the order they must appear: at most {@code maxBytes} bytes
   * of transaction encodings and at most {@code maxGas} gas wanted in total ({@code maxGas < 0}
   * means no gas limit). A sender's transactions come in sequence order.
   */
  List<byte[]> reap(long maxBytes, long maxGas);

  /**
   * Block {@code height} was committed with {@code committedTxs}: runs {@code stateSwitch} (the
   * application's {@link Application#afterCommit}, which makes the new state the one {@code
   * checkTx} sees), forgets the committed transactions, re-checks what is left against the new
   * state and drops what has become invalid or expired — all without admitting a transaction in
   * between, so that no admission is checked against a state the re-check has not rebuilt yet.
   */
  void update(long height, List<byte[]> committedTxs, Runnable stateSwitch);

  /** {@link #update(long, List, Runnable)} when the application state was switched already. */
  default void update(long height, List<byte[]> committedTxs) {
    update(height, committedTxs, () -> {});
  }
}
