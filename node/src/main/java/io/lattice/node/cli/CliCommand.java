package io.lattice.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of the client-side commands: output goes to the command line's writers (so tests capture
 * it), and every failure becomes one line on stderr and a non-zero exit code.
 */
abstract class CliCommand implements Callable<Integer> {
  static final ObjectMapper JSON = new ObjectMapper();
  static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Spec CommandSpec spec;

  /** Does the work; returns the exit code. */
  abstract int run() throws CliException;

  @Override
  public final Integer call() {
    try {
      return run();
    } catch (CliException e) {
      err().println("Error: " + e.getMessage());
      return e.exitCode();
    } catch (RuntimeException e) {
      err()
          .println(
              "Error: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
      return CliException.FAILED;
    } finally {
      out().flush();
      err().flush();
    }
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** Prints {@code node} compactly on one line (for {@code --output json}). */
  void printJson(JsonNode node) {
    out().println(node.toString());
  }

  /** Prints {@code node} indented (the text form of API answers). */
  void printPretty(JsonNode node) {
    try {
      out().println(PRETTY.writeValueAsString(node));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      out().println(node.toString());
    }
  }

  static void checkOutput(String output) throws CliException {
    if (!output.equals("json") && !output.equals("text")) {
      throw CliException.badInput("--output must be 'json' or 'text', got '" + output + "'");
    }
  }
}
