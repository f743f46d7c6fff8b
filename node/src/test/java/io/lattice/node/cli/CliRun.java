package io.lattice.node.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Runs {@code lattice …} in-process with captured stdout/stderr and a given stdin. */
record CliRun(int exitCode, String out, String err) {

  static CliRun withStdin(String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = LatticeCli.newCommandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    InputStream previous = System.in;
    System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    try {
      int code = cli.execute(args);
      return new CliRun(code, out.toString(), err.toString());
    } finally {
      System.setIn(previous);
    }
  }

  static CliRun exec(String... args) {
    return withStdin("", args);
  }

  String outLine() {
    return out.strip();
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- out:\n" + out + "--- err:\n" + err;
  }
}
