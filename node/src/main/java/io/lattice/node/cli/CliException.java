package io.lattice.node.cli;

/**
 * A failure the command reports as one line on stderr (never a stack trace) and turns into its exit
 * code: 1 for a refused or failed operation, 2 for malformed input.
 */
final class CliException extends Exception {
  private static final long serialVersionUID = 1L;

  static final int FAILED = 1;
  static final int BAD_INPUT = 2;

  private final int exitCode;

  CliException(String message) {
    this(FAILED, message);
  }

  CliException(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  static CliException badInput(String message) {
    return new CliException(BAD_INPUT, message);
  }

  int exitCode() {
    return exitCode;
  }
}
