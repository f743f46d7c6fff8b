package io.lattice.bench.peer.hardhat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@code hardhat node} child process listening on 127.0.0.1, with its output in a log file. It is
 * stopped with its whole process tree by {@link #close()}, and by a shutdown hook if the bench ends
 * any other way (an error, Ctrl-C).
 */
final class HardhatNode implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final JsonRpc rpc;
  private final Thread hook;
  private final AtomicBoolean closed = new AtomicBoolean();

  private HardhatNode(Process process, Path log, JsonRpc rpc) {
    this.process = process;
    this.log = log;
    this.rpc = rpc;
    this.hook = new Thread(this::stopTree, "hardhat-node-stop");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /**
   * Starts {@code node_modules/.bin/hardhat node} in {@code hardhatDir} (which holds
   * hardhat.config.js) with {@code env} added to its environment, and waits until it answers {@code
   * eth_chainId}.
   */
  static HardhatNode start(
      Path hardhatDir, int port, Map<String, String> env, Path log, Duration startupTimeout)
      throws IOException, InterruptedException {
    Path bin = hardhatDir.resolve("node_modules/.bin/hardhat");
    if (!Files.isExecutable(bin)) {
      throw new IOException(bin + " is missing: run `npm ci` in " + hardhatDir);
    }
    ProcessBuilder builder =
        new ProcessBuilder(
                bin.toString(), "node", "--hostname", "127.0.0.1", "--port", Integer.toString(port))
            .directory(hardhatDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(env);
    builder.environment().put("HARDHAT_DISABLE_TELEMETRY_PROMPT", "true");
    HardhatNode node =
        new HardhatNode(
            builder.start(), log, new JsonRpc(URI.create("http://127.0.0.1:" + port + "/")));
    try {
      node.awaitReady(startupTimeout);
    } catch (IOException | InterruptedException | RuntimeException e) {
      node.close();
      throw e;
    }
    return node;
  }

  private void awaitReady(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    IOException last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(
            "hardhat node exited with code "
                + process.exitValue()
                + " before answering; the end of "
                + log
                + ":\n"
                + logTail(20));
      }
      try {
        rpc.call("eth_chainId");
        return;
      } catch (IOException notYet) {
        last = notYet;
        Thread.sleep(200);
      }
    }
    throw new IOException(
        "hardhat node did not answer on " + rpc + " within " + timeout + ": " + last);
  }

  JsonRpc rpc() {
    return rpc;
  }

  long pid() {
    return process.pid();
  }

  /** CPU time used so far by the node process and its children (zero where the OS tells none). */
  Duration cpuTime() {
    Duration total = process.info().totalCpuDuration().orElse(Duration.ZERO);
    for (ProcessHandle child : process.descendants().toList()) {
      total = total.plus(child.info().totalCpuDuration().orElse(Duration.ZERO));
    }
    return total;
  }

  String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    stopTree();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run: the tree is being stopped anyway
    }
  }

  /** SIGTERM to the node and every descendant, then SIGKILL to those alive 5 s later. */
  private void stopTree() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    // the descendants first: once the parent is gone they can no longer be found through it
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.add(process.toHandle());
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    try {
      for (ProcessHandle p : tree) {
        long left = deadline - System.nanoTime();
        if (left > 0) {
          p.onExit().get(left, TimeUnit.NANOSECONDS);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException stillAlive) {
      // killed below
    }
    tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }
}
