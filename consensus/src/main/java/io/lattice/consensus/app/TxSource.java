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
   * Block {@code height} was committed with {@code committedTxs}: forget them, re-check what is
   * left against the new state and drop what has become invalid or expired.
   */
  void update(long height, List<byte[]> committedTxs);
}
