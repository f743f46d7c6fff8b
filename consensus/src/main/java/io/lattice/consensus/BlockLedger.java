package io.lattice.consensus;

import io.lattice.proto.types.v1.Block;
import io.lattice.proto.types.v1.Commit;
import io.lattice.proto.types.v1.TxResult;
import io.lattice.storage.WriteBatch;
import java.util.List;
import java.util.Optional;
import java.util.function.LongPredicate;

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

  /**
   * Height of the first stored block: 1, or the snapshot height of a node that restored a state
   * snapshot (blocks are stored contiguously from there and never removed); 0 when there is none.
   * Found by binary search.
   */
  default long earliestHeight() {
    return firstStored(latestHeight(), h -> block(h).isPresent());
  }

  /**
   * The lowest height in 1..{@code latest} for which {@code stored} holds, given that it holds from
   * there to {@code latest}; 0 when {@code latest} is 0.
   */
  static long firstStored(long latest, LongPredicate stored) {
    if (latest == 0) {
      return 0;
    }
    long lo = 1;
    long hi = latest;
    while (lo < hi) {
      long mid = lo + (hi - lo) / 2;
      if (stored.test(mid)) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

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
