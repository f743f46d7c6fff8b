package io.lattice.xchain.ops;

import io.lattice.proto.tx.v1.Coin;
import io.lattice.proto.xchain.v1.Op;
import io.lattice.runtime.module.Context;
import io.lattice.runtime.module.TxException;
import java.util.List;
import java.util.function.Function;

/** Starts an atomic operation on its source chain (docs/spec/xchain.md §5): what messages call. */
public interface OpStarter {
  /**
   * Moves {@code escrow} from {@code owner} to the {@code xchain} escrow account, sends the
   * operation's packet to {@link AtomicOperation#port()} and records the operation as Pending.
   *
   * @param data the packet data for the operation id the starter assigns
   * @param sourceArgs what stays on the source chain for {@link AtomicOperation#onSuccess}
   * @throws TxException insufficient funds, no counterparty, frozen client (nothing written)
   */
  Op start(
      Context ctx,
      AtomicOperation op,
      String owner,
      List<Coin> escrow,
      Function<String, byte[]> data,
      byte[] sourceArgs)
      throws TxException;
}
