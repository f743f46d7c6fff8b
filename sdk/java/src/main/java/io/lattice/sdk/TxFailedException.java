package io.lattice.sdk;

/**
 * A transaction was included in a block but its execution failed: nothing but the fee was applied.
 * {@code code} and {@code codespace} are the module's result code (e.g. codespace {@code
 * "runtime"}, code 5 = insufficient funds), {@code log} its reason.
 */
public final class TxFailedException extends LatticeException {
  private static final long serialVersionUID = 1L;

  private final String txHash;
  private final long height;
  private final int code;
  private final String codespace;
  private final String log;

  public TxFailedException(String txHash, long height, int code, String codespace, String log) {
    super(
        "transaction "
            + txHash
            + " failed at height "
            + height
            + ": "
            + log
            + " (code "
            + code
            + (codespace.isEmpty() ? "" : ", codespace " + codespace)
            + ")");
    this.txHash = txHash;
    this.height = height;
    this.code = code;
    this.codespace = codespace;
    this.log = log;
  }

  public String txHash() {
    return txHash;
  }

  public long height() {
    return height;
  }

  public int code() {
    return code;
  }

  public String codespace() {
    return codespace;
  }

  public String log() {
    return log;
  }
}
