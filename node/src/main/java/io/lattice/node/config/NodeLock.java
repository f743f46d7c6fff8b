package io.lattice.node.config;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;

/**
 * Exclusive ownership of a node home: an OS file lock on {@code <home>/node.lock} (released by the
 * OS when the process dies, even by SIGKILL) and the owner's pid in {@code <home>/node.pid}.
 */
public final class NodeLock implements AutoCloseable {
  private final NodeHome home;
  private final FileChannel channel;
  private final FileLock lock;

  private NodeLock(NodeHome home, FileChannel channel, FileLock lock) {
    this.home = home;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock or says who holds it.
   *
   * @throws ConfigException "another Lattice node is already running on HOME (pid N)"
   */
  public static NodeLock acquire(NodeHome home) throws ConfigException {
    try {
      Files.createDirectories(home.root());
      FileChannel channel =
          FileChannel.open(home.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException held) {
        lock = null;
      }
      if (lock == null) {
        channel.close();
        throw new ConfigException(
            "another Lattice node is already running on " + home + " (pid " + owner(home) + ")");
      }
      Files.writeString(
          home.pidFile(), ProcessHandle.current().pid() + "\n", StandardCharsets.UTF_8);
      return new NodeLock(home, channel, lock);
    } catch (IOException e) {
      throw new ConfigException("cannot lock " + home.lockFile() + ": " + e.getMessage(), e);
    }
  }

  private static String owner(NodeHome home) {
    try {
      return Files.readString(home.pidFile(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return "unknown";
    }
  }

  @Override
  public void close() {
    try {
      Files.deleteIfExists(home.pidFile());
      lock.release();
      channel.close();
    } catch (IOException e) {
      // The OS releases the lock with the process anyway.
    }
  }
}
