package io.lattice.xchain.ops;

import io.lattice.proto.xchain.v1.Op;
import io.lattice.proto.xchain.v1.OpStatus;
import io.lattice.runtime.module.Context;
import io.lattice.runtime.module.MsgType;
import io.lattice.runtime.module.TxException;
import java.util.List;

/**
 * One kind of atomic cross-chain operation (docs/spec/xchain.md §5.3). {@code xchain} owns the op
 * record, the statuses, the escrow (held in the {@code xchain} module account and returned to the
 * owner before {@link #onSuccess}, refunded on failure), the packet, its timeouts and the final
 * {@code OpResult} packet; the operation supplies what is specific to it. A chain registers the
 * operation with {@code XchainKeeper#registerOperation}; a chain where only one side runs leaves
 * the other side's methods refusing.
 */
public interface AtomicOperation {
  /** Unique name, e.g. {@code "register_user_with_stake"}. */
  String kind();

  /** The destination port its packets go to (one operation per port). */
  String port();

  /** The status the destination records when it applied the packet (e.g. ChatChainConfirmed). */
  OpStatus confirmedStatus();

  /**
   * Destination: applies the packet data (in a nested cache; a {@link TxException} becomes an error
   * acknowledgement and changes nothing).
   *
   * @return the owner the destination's op record names
   */
  String onRecv(Context ctx, String opId, byte[] data) throws TxException;

  /** Destination: undoes {@link #onRecv}'s effect when the source rolled the operation back. */
  void undo(Context ctx, byte[] data);

  /**
   * Source: the local effect once the destination confirmed, with the escrow already back in the
   * owner's account. Runs in a nested cache: a {@link TxException} discards it, refunds the escrow
   * and rolls the operation back on both chains (§5 "ack ok but local effect fails").
   */
  void onSuccess(Context ctx, Op op) throws TxException;

  /** The messages that start this operation on its source chain, calling {@code starter}. */
  default List<MsgType<?>> messages(OpStarter starter) {
    return List.of();
  }
}
