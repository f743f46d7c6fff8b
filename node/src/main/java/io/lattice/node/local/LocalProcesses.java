package io.lattice.node.local;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Background processes of a local network: the CLI ({@code io.lattice.node.cli.LatticeCli}) with
 * this JVM's options and class path, in its own session (so a Ctrl-C in the terminal that ran
 * {@code up} does not reach it), output appended to a log file.
 */
final class LocalProcesses {
  private LocalProcesses() {}

  /** Starts {@code lattice <args…>} in the background; its output goes to {@code log}. */
  static Process start(List<String> args, Path log) throws IOException {
    Files.createDirectories(log.getParent());
    List<String> command = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      command.add("/usr/bin/setsid");
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.lattice.node.cli.LatticeCli");
    command.addAll(args);
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .start();
  }

  /** The pid in {@code pidFile}, if that process is alive. */
  static OptionalLong alivePid(Path pidFile) {
    try {
      long pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.UTF_8).strip());
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent()
          ? OptionalLong.of(pid)
          : OptionalLong.empty();
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
