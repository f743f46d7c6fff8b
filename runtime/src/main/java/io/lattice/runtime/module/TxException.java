package io.lattice.runtime.module;

/**
 * A transaction or message rejected for a reason that is the sender's, not the node's: carries the
 * result code, the codespace (the module or "runtime") and a reason naming the cause. Handlers
 * throw it; the pipeline turns it into a result and rolls back the failing writes.
 */
public final class TxException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String codespace;
  private final int code;

  public TxException(String codespace, int code, String reason) {
    super(reason);
    if (code == 0) {
      throw new IllegalArgumentException("code 0 means success");
    }
    this.codespace = codespace;
    this.code = code;
  }

  public String codespace() {
    return codespace;
  }

  public int code() {
    return code;
  }

  public String reason() {
    return getMessage();
  }
}
