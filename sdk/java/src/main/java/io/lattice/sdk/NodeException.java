package io.lattice.sdk;

/**
 * The node answered a request with an error: {@code httpStatus} is its HTTP status (400 malformed
 * request, 404 not found, 422 transaction rejected, 503 unavailable, …) and {@code reason} the
 * node's message. Status 0 means the node could not be reached at all.
 */
public class NodeException extends LatticeException {
  private static final long serialVersionUID = 1L;

  private final int httpStatus;
  private final String reason;

  public NodeException(int httpStatus, String reason) {
    super(httpStatus == 0 ? reason : reason + " (HTTP " + httpStatus + ")");
    this.httpStatus = httpStatus;
    this.reason = reason;
  }

  public NodeException(int httpStatus, String reason, Throwable cause) {
    super(httpStatus == 0 ? reason : reason + " (HTTP " + httpStatus + ")", cause);
    this.httpStatus = httpStatus;
    this.reason = reason;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** The node's message, without the status. */
  public String reason() {
    return reason;
  }
}
