package io.lattice.consensus.app;

import java.time.Instant;
import java.util.List;

/**
 * What the application may know about the block it executes: chain id, height, block time (decided
 * by consensus, never the local clock), proposer address, the votes of the last commit (which
 * validators of the set that decided block {@code height - 1} signed it) and the misbehaviour
 * evidence the block carries.
 *
 * <p>The single-validator engine passes empty lists; a BFT engine lists every validator of the
 * previous block's set in {@code lastCommitVotes} (signed or not), in the set's order.
 */
public record BlockContext(
    String chainId,
    long height,
    Instant time,
    byte[] proposerAddress,
    List<VoteInfo> lastCommitVotes,
    List<Misbehavior> misbehavior) {

  public BlockContext {
    lastCommitVotes = List.copyOf(lastCommitVotes);
    misbehavior = List.copyOf(misbehavior);
  }

  /** A block without commit information or evidence (the single-validator engine). */
  public BlockContext(String chainId, long height, Instant time, byte[] proposerAddress) {
    this(chainId, height, time, proposerAddress, List.of(), List.of());
  }
}
