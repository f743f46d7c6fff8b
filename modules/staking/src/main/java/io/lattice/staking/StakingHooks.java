package io.lattice.staking;

import io.lattice.runtime.module.Context;
import io.lattice.runtime.module.TxException;

/**
 * Calls staking makes into modules that keep per-delegation state (distribution), around every
 * change of a delegation's shares. Implementations must not change staking state.
 */
public interface StakingHooks {
  StakingHooks NONE = new StakingHooks() {};

  default void afterValidatorCreated(Context ctx, String validator) throws TxException {}

  /** Before the shares of an existing delegation change (or it is removed). */
  default void beforeDelegationSharesModified(Context ctx, String delegator, String validator)
      throws TxException {}

  /** After a delegation was created or its shares changed (not called when it was removed). */
  default void afterDelegationModified(Context ctx, String delegator, String validator)
      throws TxException {}
}
