package io.lattice.consensus.app;

import java.time.Instant;

/**
 * What the application may know about the block it executes: chain id, height, block time (decided
 * by consensus, never the local clock) and proposer address.
 */
public record BlockContext(String chainId, long height, Instant time, byte[] proposerAddress) {}
