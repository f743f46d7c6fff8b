package io.lattice.node.chain;

import io.lattice.consensus.tendermint.TendermintEngine;
import io.lattice.proto.types.v1.ValidatorSet;
import io.lattice.storage.KeyValueStore;
import java.util.Optional;

/**
 * The validator set of each height as the Tendermint engine stores it (a {@code ValidatorSetState}
 * under {@code 'C' 'v' height:u64}, written in the batch of the block before), falling back to the
 * genesis set before the first block. The API's source of validator sets. Thread-safe: reads go to
 * the store.
 */
public final class ValidatorHistory {
  private final KeyValueStore db;
  private final StoredChain chain;
  private final ValidatorSet genesis;
  private final long initialHeight;

  public ValidatorHistory(
      KeyValueStore db, StoredChain chain, ValidatorSet genesis, long initialHeight) {
    this.db = db;
    this.chain = chain;
    this.genesis = genesis;
    this.initialHeight = initialHeight;
  }

  /**
   * The set that decides block {@code height}: the stored one, or genesis's for the first two
   * heights of a chain that has not stored them yet.
   */
  public Optional<ValidatorSet> validatorSet(long height) {
    Optional<ValidatorSet> stored =
        TendermintEngine.storedValidatorSet(db, height)
            .map(io.lattice.consensus.tendermint.ValidatorSet::toProto);
    if (stored.isPresent()) {
      return stored;
    }
    if (height >= initialHeight && height <= initialHeight + 1 && chain.latestHeight() == 0) {
      return Optional.of(genesis);
    }
    return Optional.empty();
  }

  /** The set that decides the next block (the current one). */
  public ValidatorSet current() {
    long next = Math.max(chain.latestHeight() + 1, initialHeight);
    return validatorSet(next).orElse(genesis);
  }
}
