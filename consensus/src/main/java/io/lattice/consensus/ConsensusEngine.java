package io.lattice.consensus;

/**
 * A block-deciding engine as the node sees it: the single-validator engine and the BFT engine both
 * implement it. An engine takes transactions from a {@link io.lattice.consensus.app.TxSource},
 * executes decided blocks through the {@link io.lattice.consensus.app.Application}, writes each
 * block with the application's state in one synced batch, and then reports it to its listeners.
 *
 * <p>Contract: {@link #start} once; {@link #stop} is idempotent and returns after the block being
 * written (if any) is durable, so the store is never left between a block and its state. Listeners
 * are called on the engine's thread, in height order, after the block is durable; they must not
 * block.
 */
public interface ConsensusEngine extends AutoCloseable {
  void start();

  void stop();

  /** Height of the last block this engine committed (or found committed on start). */
  long committedHeight();

  /** Registers {@code listener}; closing the handle unregisters it. */
  AutoCloseable addListener(EngineListener listener);

  @Override
  default void close() {
    stop();
  }
}
