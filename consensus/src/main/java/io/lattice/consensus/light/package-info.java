/**
 * Light-client verification as CometBFT's light package does it: a client that trusts one header
 * (and its validator set) accepts a later header when the validators it trusts, or those named by
 * the trusted header, signed it. {@link io.lattice.consensus.light.LightVerifier} verifies an
 * adjacent header (+2/3 of the set the trusted header named as next) or skips ahead (more than the
 * trust level, default 1/3, of the trusted set's power signed, and +2/3 of the new set), both only
 * while the trusted header is within its trusting period; {@link
 * io.lattice.consensus.light.LightClient#bisect} reaches a header the trusted set can no longer
 * vouch for through intermediate headers from a {@link io.lattice.consensus.light.HeaderProvider}.
 * Commit signatures are checked over the same {@code CanonicalVote} sign bytes as full nodes
 * ({@link io.lattice.consensus.block.Votes}).
 */
package io.lattice.consensus.light;
