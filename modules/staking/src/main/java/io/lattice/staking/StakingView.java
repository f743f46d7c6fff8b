package io.lattice.staking;

import io.lattice.proto.staking.v1.Delegation;
import io.lattice.proto.staking.v1.Params;
import io.lattice.proto.staking.v1.Validator;
import io.lattice.runtime.store.KVStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Read-only rights on staking state: what distribution and queries receive. */
public interface StakingView {
  Params params(KVStore state);

  Optional<Validator> validator(KVStore state, String operator);

  /** The validator whose consensus key has the bech32 address {@code consensusAddress}. */
  Optional<Validator> validatorByConsensusAddress(KVStore state, String consensusAddress);

  /** Every validator, ascending by operator address. */
  List<Validator> validators(KVStore state);

  Optional<Delegation> delegation(KVStore state, String delegator, String validator);

  /** Every delegation, ascending by (delegator, validator). */
  List<Delegation> allDelegations(KVStore state);

  /** Delegations of {@code delegator}, ascending by validator. */
  List<Delegation> delegationsOf(KVStore state, String delegator);

  /**
   * Validators in the active set (bonded: top {@code max_validators} by power, not jailed, power >
   * 0) with their power, in set order.
   */
  List<Map.Entry<Validator, Long>> activeSet(KVStore state);
}
