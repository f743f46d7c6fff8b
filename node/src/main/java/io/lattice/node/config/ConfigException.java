package io.lattice.node.config;

import java.nio.file.Path;

/** A configuration, genesis or key file that cannot be used; the message names file and field. */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }

  public static ConfigException field(Path file, String field, String problem) {
    return new ConfigException(file + ": " + field + ": " + problem);
  }
}
