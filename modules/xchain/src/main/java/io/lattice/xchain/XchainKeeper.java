package io.lattice.xchain;

import io.lattice.bank.BankSender;
import io.lattice.proto.xchain.v1.Packet;
import io.lattice.runtime.module.Context;
import io.lattice.runtime.module.TxException;
import io.lattice.runtime.state.Schema;
import io.lattice.xchain.ops.AtomicOperation;

/**
 * The {@code xchain} module's keeper: the light client, packets, ports and atomic operations of one
 * chain (docs/spec/xchain.md). Compose it once per application: create it, register the ports and
 * operations this chain serves, then hand it to {@link XchainModule}. The application's bank must
 * include {@link OpKeeper#ESCROW} among its module accounts.
 */
public final class XchainKeeper {
  private final XchainKeys keys = new XchainKeys();
  private final ParamsKeeper params = new ParamsKeeper(keys);
  private final LightClientKeeper client = new LightClientKeeper(keys, params);
  private final PacketKeeper packets = new PacketKeeper(keys, client, params);
  private final OpKeeper ops;

  public XchainKeeper(BankSender bank) {
    this.ops = new OpKeeper(keys, packets, client, bank);
  }

  public Schema schema() {
    return keys.schema;
  }

  /**
   * Registers a module's packet handler under {@code port} (names of [a-z0-9_], unique; {@value
   * OpKeeper#PORT} and the operations' ports are taken).
   */
  public void registerPort(String port, PortHandler handler) {
    packets.registerPort(port, handler);
  }

  /** Registers an atomic operation and its destination port (xchain.md §5.3). */
  public void registerOperation(AtomicOperation op) {
    ops.register(op);
  }

  /**
   * Sends {@code data} from a registered {@code sourcePort} to {@code destinationPort} on the
   * counterparty, with the params' timeouts.
   *
   * @throws TxException no counterparty, frozen client, data larger than 64 KiB
   */
  public Packet sendPacket(Context ctx, String sourcePort, String destinationPort, byte[] data)
      throws TxException {
    return packets.send(ctx, sourcePort, destinationPort, data);
  }

  public LightClientKeeper client() {
    return client;
  }

  public PacketKeeper packets() {
    return packets;
  }

  public OpKeeper ops() {
    return ops;
  }

  public ParamsKeeper params() {
    return params;
  }

  XchainKeys keys() {
    return keys;
  }
}
