package io.lattice.sdk;

/** {@code GET /v1/status}: the node's chain and its latest block. */
public record ChainStatus(
    String chainId,
    long latestHeight,
    String latestBlockHash,
    String latestBlockTime,
    boolean catchingUp) {}
