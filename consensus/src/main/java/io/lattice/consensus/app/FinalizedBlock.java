package io.lattice.consensus.app;

import io.lattice.proto.types.v1.Event;
import io.lattice.proto.types.v1.TxResult;
import java.util.List;

/**
 * Results of executing a block: one {@link TxResult} per transaction in block order, block-level
 * events, the app hash the state will have once committed, and the changes to the validator set.
 *
 * <p>{@code validatorUpdates} returned for block {@code H} take effect for block {@code H + 2} (as
 * in ABCI: the set of {@code H + 1} is already fixed in block {@code H}'s header as {@code
 * next_validators_hash}). Each update names a validator by public key; power 0 removes it. At most
 * one update per key. Staking orders them by bech32 consensus address; engines must not depend on
 * the order.
 */
public record FinalizedBlock(
    List<TxResult> txResults,
    List<Event> events,
    byte[] appHash,
    List<ValidatorUpdate> validatorUpdates) {

  public FinalizedBlock {
    validatorUpdates = List.copyOf(validatorUpdates);
  }

  /** A block that leaves the validator set unchanged. */
  public FinalizedBlock(List<TxResult> txResults, List<Event> events, byte[] appHash) {
    this(txResults, events, appHash, List.of());
  }
}
