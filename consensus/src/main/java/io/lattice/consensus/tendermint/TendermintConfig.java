package io.lattice.consensus.tendermint;

import io.lattice.consensus.evidence.EvidenceParams;
import java.nio.file.Path;
import java.time.Instant;

/**
 * What the Tendermint engine needs from genesis and configuration.
 *
 * @param initialHeight height of the first block (genesis {@code initial_height})
 * @param genesisTime the first block's time is never earlier than this
 * @param maxBlockBytes most bytes of transaction encodings per block
 * @param maxBlockGas most gas wanted per block, or -1 for no limit
 * @param walFile the consensus write-ahead log (created when absent)
 * @param evidence how old evidence may be and how many bytes of it a block may carry
 */
public record TendermintConfig(
    CoreConfig core,
    long initialHeight,
    Instant genesisTime,
    long maxBlockBytes,
    long maxBlockGas,
    Path walFile,
    EvidenceParams evidence) {
  /** A configuration with CometBFT's default {@link EvidenceParams}. */
  public TendermintConfig(
      CoreConfig core,
      long initialHeight,
      Instant genesisTime,
      long maxBlockBytes,
      long maxBlockGas,
      Path walFile) {
    this(
        core,
        initialHeight,
        genesisTime,
        maxBlockBytes,
        maxBlockGas,
        walFile,
        EvidenceParams.DEFAULT);
  }

  public TendermintConfig {
    if (initialHeight < 1) {
      throw new IllegalArgumentException("initial height must be >= 1, got " + initialHeight);
    }
    if (maxBlockBytes <= 0) {
      throw new IllegalArgumentException("block max_bytes must be positive, got " + maxBlockBytes);
    }
    long needed = proposalBytesWithoutEvidence(maxBlockBytes);
    if (core.maxProposalBytes() < needed) {
      throw new IllegalArgumentException(
          "max proposal bytes "
              + core.maxProposalBytes()
              + " cannot carry a full block of "
              + maxBlockBytes
              + " bytes; it must be at least "
              + needed
              + " (block + 1/4 for framing + 512 KiB for header and last commit)");
    }
    if (maxBlockGas < -1 || maxBlockGas == 0) {
      throw new IllegalArgumentException(
          "block max_gas must be positive or -1 (no limit), got " + maxBlockGas);
    }
  }

  public String chainId() {
    return core.chainId();
  }

  /** A full block + 1/4 for framing + 512 KiB for header and last commit. */
  private static long proposalBytesWithoutEvidence(long maxBlockBytes) {
    return maxBlockBytes + maxBlockBytes / 4 + 512 * 1024;
  }

  /**
   * Most bytes of evidence a proposer puts in a block: the evidence limit, or less when a full
   * block would otherwise not fit in the largest proposal.
   */
  public long maxEvidenceBytes() {
    return Math.min(
        evidence.maxBytes(), core.maxProposalBytes() - proposalBytesWithoutEvidence(maxBlockBytes));
  }
}
