package io.lattice.sim;

import io.lattice.consensus.app.Application;
import io.lattice.consensus.app.TxSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A node's pending transactions, admitted by {@link Application#checkTx} and re-checked after each
 * block, as the runtime's mempool does (which the simulation does not reuse because it belongs to
 * the node's threading model). Lost when the node crashes.
 */
final class SimMempool implements TxSource {
  private final Application app;
  private final List<byte[]> txs = new ArrayList<>();

  SimMempool(Application app) {
    this.app = app;
  }

  /** Admits {@code tx} when the application accepts it; true when admitted. */
  boolean add(byte[] tx) {
    for (byte[] t : txs) {
      if (Arrays.equals(t, tx)) {
        return false;
      }
    }
    if (app.checkTx(tx, false).code() != 0) {
      return false;
    }
    txs.add(tx);
    return true;
  }

  @Override
  public List<byte[]> reap(long maxBytes, long maxGas) {
    List<byte[]> out = new ArrayList<>();
    long bytes = 0;
    for (byte[] tx : txs) {
      if (bytes + tx.length > maxBytes) {
        break;
      }
      bytes += tx.length;
      out.add(tx);
    }
    return out;
  }

  @Override
  public void update(long height, List<byte[]> committed, Runnable stateSwitch) {
    stateSwitch.run();
    txs.removeIf(t -> committed.stream().anyMatch(c -> Arrays.equals(c, t)));
    txs.removeIf(t -> app.checkTx(t, true).code() != 0);
  }
}
