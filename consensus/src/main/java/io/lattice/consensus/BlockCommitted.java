package io.lattice.consensus;

import io.lattice.proto.types.v1.Block;
import io.lattice.proto.types.v1.Commit;
import io.lattice.proto.types.v1.TxResult;
import java.util.List;

/**
 * A block that is durable together with its state: the block, its hash (SHA-256 of the canonical
 * header), the commit that decided it, its transaction results, and the app hash after it.
 */
public record BlockCommitted(
    Block block, byte[] hash, Commit commit, List<TxResult> results, byte[] appHash) {
  public long height() {
    return block.getHeader().getHeight();
  }
}
