package io.lattice.bank;

import io.lattice.proto.tx.v1.Coin;
import io.lattice.runtime.module.Context;
import io.lattice.runtime.module.TxException;
import java.util.List;

/**
 * Rights to create and destroy coins, for modules whose account holds {@link Permission#MINTER} or
 * {@link Permission#BURNER} (e.g. distribution's inflation). A call is checked against the named
 * module account's permissions; a failed call changes nothing.
 */
public interface BankMinter extends BankSender {
  /**
   * Creates {@code coins} in the account of module {@code module} and raises the supply.
   *
   * @throws TxException codespace bank: 21 unknown module account, 22 the account lacks {@code
   *     minter}; codespace runtime 10 when {@code coins} is empty or not a valid coin list
   */
  void mint(Context ctx, String module, List<Coin> coins) throws TxException;

  /**
   * Destroys {@code coins} held by the account of module {@code module} and lowers the supply.
   *
   * @throws TxException codespace bank: 21 unknown module account, 22 the account lacks {@code
   *     burner}, 5 the account holds less than {@code coins}; codespace runtime 10 for a bad coin
   *     list
   */
  void burn(Context ctx, String module, List<Coin> coins) throws TxException;
}
