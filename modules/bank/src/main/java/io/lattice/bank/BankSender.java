package io.lattice.bank;

import io.lattice.proto.tx.v1.Coin;
import io.lattice.runtime.module.Context;
import io.lattice.runtime.module.TxException;
import java.util.List;

/**
 * Rights to move existing coins between accounts (not to mint or burn): what a module such as
 * staking or swap receives. Coins must be a validated list ({@code Coins.validate}).
 */
public interface BankSender extends BankView {
  /**
   * @throws TxException "insufficient funds: … has …, needs …" (codespace bank, code 5)
   */
  void send(Context ctx, String from, String to, List<Coin> coins) throws TxException;
}
