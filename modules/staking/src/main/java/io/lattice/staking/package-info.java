/**
 * The staking module: validators with their consensus keys and commission, delegations as shares of
 * a validator's tokens, unbonding and redelegation entries, the active validator set and the
 * validator updates it hands to consensus, plus {@link io.lattice.staking.Dec}, the fixed-point
 * fraction the proof-of-stake modules share. Spec: {@code modules/staking/README.md}.
 */
package io.lattice.staking;
