package io.lattice.node.cli;

import io.lattice.crypto.keyring.KeyringException;
import io.lattice.crypto.keyring.PassphraseSource;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads answers, mnemonics and passphrases: from the terminal (without echo for secrets) when there
 * is one, otherwise one line at a time from standard input, so scripts can pipe them in.
 */
final class Stdin {
  private final PrintWriter prompts;
  private BufferedReader reader;

  Stdin(PrintWriter prompts) {
    this.prompts = prompts;
  }

  // isTerminal() below handles the JDK 22+ behaviour the check warns about.
  @SuppressWarnings("SystemConsoleNull")
  private static Optional<Console> terminal() {
    Console c = System.console();
    return c != null && isTerminal(c) ? Optional.of(c) : Optional.empty();
  }

  /**
   * Since Java 22 {@code System.console()} also exists when the streams are redirected; {@code
   * Console.isTerminal()} (22+) tells the cases apart. On 21 a console is always a terminal.
   */
  private static boolean isTerminal(Console c) {
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  /** The next line (without its end), or a failure naming {@code what} when input has ended. */
  String line(String prompt, String what) throws CliException {
    Optional<Console> console = terminal();
    if (console.isPresent()) {
      String l = console.get().readLine("%s", prompt);
      if (l == null) {
        throw new CliException("no " + what + " given");
      }
      return l;
    }
    try {
      if (reader == null) {
        reader = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      }
      String l = reader.readLine();
      if (l == null) {
        throw new CliException("no " + what + " on standard input");
      }
      return l;
    } catch (IOException e) {
      throw new CliException("cannot read " + what + " from standard input: " + e.getMessage());
    }
  }

  /** A secret: read without echo from the terminal, or as a line from standard input. */
  char[] secret(String prompt, String what) throws CliException {
    Optional<Console> console = terminal();
    if (console.isPresent()) {
      char[] s = console.get().readPassword("%s", prompt);
      if (s == null) {
        throw new CliException("no " + what + " given");
      }
      return s;
    }
    return line(prompt, what).toCharArray();
  }

  /** A new secret: asked twice on a terminal; must not be empty. */
  char[] newSecret(String prompt, String what) throws CliException {
    char[] first = secret(prompt, what);
    if (first.length == 0) {
      throw CliException.badInput(what + " must not be empty");
    }
    if (terminal().isPresent()) {
      char[] again = secret("Repeat " + what + ": ", what);
      boolean same = Arrays.equals(first, again);
      Arrays.fill(again, '\0');
      if (!same) {
        Arrays.fill(first, '\0');
        throw CliException.badInput(what + "s do not match");
      }
    }
    return first;
  }

  /** Asks a yes/no question; only {@code y} or {@code yes} confirms. */
  boolean confirm(String question) throws CliException {
    prompts.print(question + " [y/N]: ");
    prompts.flush();
    String answer = line("", "confirmation").trim();
    return answer.equalsIgnoreCase("y") || answer.equalsIgnoreCase("yes");
  }

  /** Passphrases for the file keyring backend. */
  PassphraseSource passphraseSource() {
    return (name, purpose) -> {
      try {
        return purpose == PassphraseSource.Purpose.NEW_KEY
            ? newSecret("Passphrase for new key '" + name + "': ", "passphrase")
            : secret("Passphrase for key '" + name + "': ", "passphrase");
      } catch (CliException e) {
        throw new KeyringException(e.getMessage());
      }
    };
  }
}
