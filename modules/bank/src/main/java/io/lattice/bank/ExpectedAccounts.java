package io.lattice.bank;

import io.lattice.runtime.store.KVStore;

/** What the bank needs from the accounts module (the consumer owns this interface). */
@FunctionalInterface
public interface ExpectedAccounts {
  /** Creates the account of a validated {@code address} unless it exists. */
  void ensureAccount(KVStore state, String address);
}
