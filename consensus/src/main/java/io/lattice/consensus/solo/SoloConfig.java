package io.lattice.consensus.solo;

import java.time.Duration;
import java.time.Instant;

/**
 * What the single-validator engine needs from genesis and configuration.
 *
 * @param initialHeight height of the first block (genesis {@code initial_height})
 * @param genesisTime the first block's time is never earlier than this
 * @param maxBlockBytes most bytes of transaction encodings per block
 * @param maxBlockGas most gas wanted per block, or -1 for no limit
 */
public record SoloConfig(
    String chainId,
    long initialHeight,
    Instant genesisTime,
    Duration blockInterval,
    long maxBlockBytes,
    long maxBlockGas) {
  public SoloConfig {
    if (chainId == null || chainId.isBlank()) {
      throw new IllegalArgumentException("chain id is empty");
    }
    if (initialHeight < 1) {
      throw new IllegalArgumentException("initial height must be >= 1, got " + initialHeight);
    }
    if (blockInterval.isNegative() || blockInterval.isZero()) {
      throw new IllegalArgumentException("block interval must be positive, got " + blockInterval);
    }
    if (maxBlockBytes <= 0) {
      throw new IllegalArgumentException("block max_bytes must be positive, got " + maxBlockBytes);
    }
    if (maxBlockGas < -1 || maxBlockGas == 0) {
      throw new IllegalArgumentException(
          "block max_gas must be positive or -1 (no limit), got " + maxBlockGas);
    }
  }
}
