package io.lattice.xchain.ops;

import io.lattice.runtime.module.Context;
import io.lattice.runtime.module.TxException;
import java.math.BigInteger;

/** What register_user_with_stake needs from the currency chain's staking module (§5.1 step 3). */
public interface StakeBonder {
  /**
   * Delegates {@code amount} bond tokens from {@code owner}'s balance to {@code validator}, locked
   * for {@code lockSeconds} (0 = unlocked).
   */
  void bond(Context ctx, String owner, String validator, BigInteger amount, long lockSeconds)
      throws TxException;
}
