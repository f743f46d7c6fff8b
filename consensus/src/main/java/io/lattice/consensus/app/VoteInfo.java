package io.lattice.consensus.app;

/**
 * One validator of the set that decided the previous block: its address (20 bytes, the address of
 * its consensus key), its voting power in that set, and whether its precommit is in the commit.
 */
public record VoteInfo(byte[] address, long power, boolean signed) {}
