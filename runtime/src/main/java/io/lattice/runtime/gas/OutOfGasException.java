package io.lattice.runtime.gas;

/**
 * Thrown by {@link GasMeter#consume} when a charge would exceed the limit. The transaction pipeline
 * catches it at the transaction boundary and turns it into a result; it never escapes a block.
 */
public final class OutOfGasException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public OutOfGasException(long limit, long used, String descriptor) {
    super("out of gas: limit " + limit + ", used " + used + " (while " + descriptor + ")");
  }
}
