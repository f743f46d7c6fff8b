package io.lattice.node.api;

import java.util.Objects;
import java.util.Optional;

/**
 * Where the API listens and whether it serves the faucet. {@code port} 0 picks a free port (read it
 * back with {@link ApiServer#port()}). The faucet must only be enabled on local and test networks.
 */
public record ApiOptions(String host, int port, Optional<FaucetOptions> faucet) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8546;

  public ApiOptions {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(faucet, "faucet");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("API port must be 0..65535, got " + port);
    }
  }

  /** Loopback on a free port, no faucet. */
  public static ApiOptions loopback() {
    return new ApiOptions(DEFAULT_HOST, 0, Optional.empty());
  }
}
