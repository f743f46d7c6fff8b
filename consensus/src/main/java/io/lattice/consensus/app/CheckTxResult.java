package io.lattice.consensus.app;

/**
 * Outcome of {@link Application#checkTx}. {@code code == 0} means accepted; otherwise {@code log}
 * names the cause. For accepted transactions, {@code sender}/{@code sequence} let the mempool order
 * a sender's transactions and {@code priority} (fee per gas unit, scaled) orders eviction.
 */
public record CheckTxResult(
    int code,
    String codespace,
    String log,
    long gasWanted,
    String sender,
    long sequence,
    long priority) {

  public boolean isOk() {
    return code == 0;
  }

  public static CheckTxResult rejected(int code, String codespace, String log) {
    return new CheckTxResult(code, codespace, log, 0, "", 0, 0);
  }
}
