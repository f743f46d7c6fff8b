package io.lattice.consensus.tendermint;

import io.lattice.proto.types.v1.Block;
import java.util.Optional;

/**
 * Application-level block validity, {@code valid(v)} of the spec: what the core cannot check itself
 * (app hash, last results hash, block time, signatures of the last commit against the previous
 * validator set, transactions). The core has already checked the height, chain id, block id, the
 * content hashes, the validators hashes and the last block id.
 *
 * <p>Contract: deterministic for a given block; called at most once per block hash per height.
 */
@FunctionalInterface
public interface BlockValidator {
  /** Why {@code block} is invalid, or empty when it is valid. */
  Optional<String> invalidReason(Block block);
}
