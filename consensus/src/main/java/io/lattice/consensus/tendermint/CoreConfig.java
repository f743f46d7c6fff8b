package io.lattice.consensus.tendermint;

/**
 * Configuration of a {@link ConsensusCore}.
 *
 * @param maxProposalBytes largest block a proposal may carry, counted as its part set's total times
 *     {@link #BLOCK_PART_SIZE}: a part-set header of more than {@link #maxParts()} parts is
 *     dropped, and a proposer does not propose a block that does not fit
 * @param maxBufferedMessages messages of the next height kept until this node reaches it
 */
public record CoreConfig(
    String chainId, TimeoutConfig timeouts, int maxProposalBytes, int maxBufferedMessages) {
  /**
   * Default largest proposal: 6 MiB, room for the default 4 MiB of transactions with their framing,
   * the header, a last commit of many (post-quantum) signatures and the envelope.
   */
  public static final int DEFAULT_MAX_PROPOSAL_BYTES = 6 * 1024 * 1024;

  /** Bytes of a block part (the last part of a block may be shorter), as in CometBFT: 64 KiB. */
  public static final int BLOCK_PART_SIZE = 64 * 1024;

  public CoreConfig {
    if (chainId == null || chainId.isBlank()) {
      throw new IllegalArgumentException("chain id is empty");
    }
    if (maxProposalBytes < BLOCK_PART_SIZE) {
      throw new IllegalArgumentException(
          "max proposal bytes must be at least one block part ("
              + BLOCK_PART_SIZE
              + "), got "
              + maxProposalBytes);
    }
    if (maxBufferedMessages < 0) {
      throw new IllegalArgumentException(
          "max buffered messages must be >= 0, got " + maxBufferedMessages);
    }
  }

  /** Most parts of a proposal's part set: {@code maxProposalBytes / BLOCK_PART_SIZE}. */
  public int maxParts() {
    return maxProposalBytes / BLOCK_PART_SIZE;
  }

  public static CoreConfig defaults(String chainId) {
    return new CoreConfig(chainId, TimeoutConfig.defaults(), DEFAULT_MAX_PROPOSAL_BYTES, 10_000);
  }
}
