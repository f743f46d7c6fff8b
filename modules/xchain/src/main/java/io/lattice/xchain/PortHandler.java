package io.lattice.xchain;

import io.lattice.proto.xchain.v1.Acknowledgement;
import io.lattice.proto.xchain.v1.Packet;
import io.lattice.runtime.module.Context;
import io.lattice.runtime.module.TxException;

/**
 * A module's end of packets, registered under a port name with {@link XchainKeeper#registerPort}
 * (docs/spec/xchain.md §4). Handlers run inside the message that delivers the packet, on the
 * chain's execution thread; they must be deterministic.
 */
public interface PortHandler {
  /**
   * Applies a packet received from the counterparty (xchain.md §4.1 step 6). Runs in a nested
   * cache: a {@link TxException} discards its writes and becomes an {@code error} acknowledgement
   * carrying the reason; the receipt and the acknowledgement are written either way.
   *
   * @return the {@code result} bytes of the acknowledgement
   */
  byte[] onRecv(Context ctx, Packet packet) throws TxException;

  /**
   * The counterparty's acknowledgement of a packet this port sent (xchain.md §4.2 step 3). Must not
   * fail on an {@code error} acknowledgement; a failure fails the whole message and leaves the
   * commitment in place.
   */
  void onAck(Context ctx, Packet packet, Acknowledgement ack) throws TxException;

  /** The packet this port sent was proven never received before its timeout (xchain.md §4.3). */
  void onTimeout(Context ctx, Packet packet) throws TxException;
}
