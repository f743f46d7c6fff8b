package io.lattice.node.api;

import java.util.Optional;

/**
 * A request the API refuses: {@code status} is the HTTP status and also the {@code code} of the
 * JSON error body; the message names the cause (and the offending field for 400s).
 */
final class ApiException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final transient Optional<Long> retryAfterSeconds;

  ApiException(int status, String message) {
    this(status, message, Optional.empty());
  }

  ApiException(int status, String message, Optional<Long> retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  int status() {
    return status;
  }

  Optional<Long> retryAfterSeconds() {
    return retryAfterSeconds;
  }

  static ApiException badRequest(String message) {
    return new ApiException(400, message);
  }

  static ApiException notFound(String message) {
    return new ApiException(404, message);
  }
}
