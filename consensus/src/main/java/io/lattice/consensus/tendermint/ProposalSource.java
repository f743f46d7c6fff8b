package io.lattice.consensus.tendermint;

import io.lattice.proto.types.v1.Block;
import io.lattice.proto.types.v1.Commit;

/**
 * Builds the block this validator proposes (spec line 16, {@code getValue()}): transactions from
 * the mempool, the header of docs/spec/consensus.md ("Block header") with the time of the shell's
 * clock, and {@code lastCommit} as the block's last commit. Called on the consensus thread only
 * when this validator is the proposer and has no valid value to re-propose.
 */
@FunctionalInterface
public interface ProposalSource {
  Block create(long height, int round, Commit lastCommit);
}
