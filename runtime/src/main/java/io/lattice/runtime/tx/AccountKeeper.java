package io.lattice.runtime.tx;

import io.lattice.proto.auth.v1.BaseAccount;
import io.lattice.proto.auth.v1.Params;
import io.lattice.runtime.store.KVStore;
import java.util.Optional;

/**
 * What the transaction pipeline needs from the accounts module (the consumer owns this interface;
 * the {@code auth} module implements it).
 */
public interface AccountKeeper {
  Optional<BaseAccount> account(KVStore state, String address);

  void setAccount(KVStore state, BaseAccount account);

  Params params(KVStore state);

  /** The state key that holds {@code address}'s account. */
  byte[] accountKey(String address);
}
