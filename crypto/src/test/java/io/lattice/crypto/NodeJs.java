package io.lattice.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Runs a script in Node.js, the independent implementation the cross-check tests compare with: JSON
 * in on stdin, JSON out on stdout.
 */
public final class NodeJs {
  public static final ObjectMapper JSON = new ObjectMapper();

  private NodeJs() {}

  /** True when {@code node --version} runs; tests skip themselves otherwise. */
  public static boolean available() {
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Runs {@code node -e script} with {@code stdin}; asserts it exits 0 and parses its output. */
  public static JsonNode run(String script, byte[] stdin) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("node", "-e", script).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(stdin);
    }
    byte[] stdout;
    byte[] stderr;
    try (InputStream out = p.getInputStream();
        InputStream err = p.getErrorStream()) {
      stdout = out.readAllBytes();
      stderr = err.readAllBytes();
    }
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("node finished").isTrue();
    assertThat(p.exitValue())
        .as("node exit status; stderr: %s", new String(stderr, StandardCharsets.UTF_8))
        .isZero();
    return JSON.readTree(stdout);
  }
}
