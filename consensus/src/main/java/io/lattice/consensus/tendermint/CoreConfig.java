package io.lattice.consensus.tendermint;

/**
 * Configuration of a {@link ConsensusCore}.
 *
 * @param maxProposalBytes largest encoded proposal (with its whole block) accepted or sent; larger
 *     ones are dropped
 * @param maxBufferedMessages messages of the next height kept until this node reaches it
 */
public record CoreConfig(
    String chainId, TimeoutConfig timeouts, int maxProposalBytes, int maxBufferedMessages) {
  /**
   * Default largest proposal: 6 MiB, room for the default 4 MiB of transactions with their framing,
   * the header, a last commit of many (post-quantum) signatures and the envelope.
   */
  public static final int DEFAULT_MAX_PROPOSAL_BYTES = 6 * 1024 * 1024;

  public CoreConfig {
    if (chainId == null || chainId.isBlank()) {
      throw new IllegalArgumentException("chain id is empty");
    }
    if (maxProposalBytes <= 0) {
      throw new IllegalArgumentException("max proposal bytes must be > 0, got " + maxProposalBytes);
    }
    if (maxBufferedMessages < 0) {
      throw new IllegalArgumentException(
          "max buffered messages must be >= 0, got " + maxBufferedMessages);
    }
  }

  public static CoreConfig defaults(String chainId) {
    return new CoreConfig(chainId, TimeoutConfig.defaults(), DEFAULT_MAX_PROPOSAL_BYTES, 10_000);
  }
}
