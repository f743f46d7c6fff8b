package io.lattice.consensus.evidence;

import io.lattice.proto.types.v1.ValidatorSet;
import java.time.Instant;
import java.util.Optional;

/**
 * What the evidence pool reads about past heights (the node implements it over its block and
 * validator-set stores). Called under the pool's lock; must not call back into the pool.
 */
public interface ChainHistory {
  /** The validator set that signed block {@code height}, or empty when unknown or pruned. */
  Optional<ValidatorSet> validatorSet(long height);

  /** The header time of block {@code height}, or empty when unknown or pruned. */
  Optional<Instant> blockTime(long height);
}
