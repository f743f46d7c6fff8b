package io.lattice.runtime.mempool;

/**
 * Mempool limits.
 *
 * @param maxTxs most transactions held at once
 * @param maxBytes most bytes of transaction encodings held at once
 * @param maxTxBytes largest single transaction accepted
 * @param ttlBlocks a transaction still waiting this many blocks after admission is dropped (0: no
 *     expiry)
 */
public record MempoolConfig(int maxTxs, long maxBytes, int maxTxBytes, long ttlBlocks) {
  public static final MempoolConfig DEFAULT = new MempoolConfig(5000, 64L << 20, 1 << 20, 100);

  public MempoolConfig {
    if (maxTxs <= 0) {
      throw new IllegalArgumentException("mempool max_txs must be positive, got " + maxTxs);
    }
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("mempool max_bytes must be positive, got " + maxBytes);
    }
    if (maxTxBytes <= 0) {
      throw new IllegalArgumentException("max tx bytes must be positive, got " + maxTxBytes);
    }
    if (ttlBlocks < 0) {
      throw new IllegalArgumentException("mempool ttl_blocks must be >= 0, got " + ttlBlocks);
    }
  }
}
