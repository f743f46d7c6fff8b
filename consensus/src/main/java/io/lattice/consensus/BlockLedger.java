package io.lattice.consensus;

import io.lattice.proto.types.v1.Block;
import io.lattice.proto.types.v1.Commit;
import io.lattice.proto.types.v1.TxResult;
import io.lattice.storage.WriteBatch;
import java.util.List;
import java.util.Optional;

/**
 * The committed chain as an engine reads and extends it. The node adapts the storage module's block
 * store to it.
 *
 * <p>Contract: thread-safe for reads; {@link #stage} only adds writes to {@code batch} (the engine
 * writes the batch, with the application's state, in one synced write) and what it staged is
 * visible to reads once the batch is written.
 */
public interface BlockLedger {
  /** Height of the last committed block, 0 when there is none. */
  long latestHeight();

  Optional<Block> block(long height);

  /** The commit that decided block {@code height} (for the latest block, the only copy of it). */
  Optional<Commit> commit(long height);

  Optional<List<TxResult>> results(long height);

  /** The app hash after executing block {@code height} (the next header's {@code app_hash}). */
  Optional<byte[]> appHash(long height);

  /**
   * Adds the block, its hash, commit, results, app hash and transaction indexes to {@code batch}.
   */
  void stage(WriteBatch batch, BlockCommitted block);
}
