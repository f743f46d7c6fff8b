package io.lattice.bank;

import io.lattice.proto.tx.v1.Coin;
import io.lattice.runtime.store.KVStore;
import java.math.BigInteger;
import java.util.List;
import java.util.SortedMap;

/** Read-only rights on the bank: what a module that only looks at balances receives. */
public interface BankView {
  BigInteger balance(KVStore state, String address, String denom);

  /** Non-zero balances of {@code address}, ascending by denom. */
  List<Coin> balances(KVStore state, String address);

  /** Total supply of {@code denom} ("0" when none). */
  Coin supply(KVStore state, String denom);

  /** Supply of every denom, ascending by denom. */
  SortedMap<String, BigInteger> allSupply(KVStore state);
}
