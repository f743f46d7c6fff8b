package io.lattice.sdk;

/**
 * The node refused to admit a transaction ({@code POST /v1/txs}): its check failed (HTTP 422, the
 * reason names the check, e.g. {@code "transaction rejected: sequence mismatch: expected 5, got
 * 4"}), it is too large (413), or the mempool is full or the node is catching up (503). Nothing was
 * executed.
 */
public final class TxRejectedException extends NodeException {
  private static final long serialVersionUID = 1L;

  public TxRejectedException(int httpStatus, String reason) {
    super(httpStatus, reason);
  }

  /** True when the reason is a sequence mismatch (another transaction of the signer got first). */
  public boolean isSequenceMismatch() {
    return reason().contains("sequence mismatch");
  }
}
