package io.lattice.runtime.tx;

import io.lattice.proto.tx.v1.Coin;
import io.lattice.runtime.module.Context;
import io.lattice.runtime.module.TxException;
import io.lattice.runtime.store.KVStore;
import java.util.List;

/**
 * What the transaction pipeline and the queries need from the bank module (the consumer owns this
 * interface; the {@code bank} module implements it).
 */
public interface BankKeeper {
  /**
   * Moves {@code fee} from {@code payer} to the fee collector.
   *
   * @throws TxException "insufficient funds for fee: balance … < fee …" when the payer cannot pay
   */
  void deductFee(Context ctx, String payer, List<Coin> fee) throws TxException;

  /** Non-zero balances of {@code address}, ascending by denom. */
  List<Coin> balances(KVStore state, String address);

  /** Total supply of {@code denom} ("0" when none). */
  Coin supply(KVStore state, String denom);

  /** The state key that holds {@code address}'s balance of {@code denom}. */
  byte[] balanceKey(String address, String denom);
}
