package io.lattice.consensus.privval;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Crash-safe storage of {@link LastSignState}: the new content is written to a temporary file in
 * the same directory and forced to disk, atomically renamed over the state file, and then the
 * directory is forced so the rename itself is durable. A crash leaves either the old state or the
 * new one (plus at worst a stray temporary file), never a torn file.
 */
final class SignStateFile {
  private final Path file;

  SignStateFile(Path file) {
    this.file = file.toAbsolutePath();
  }

  Path path() {
    return file;
  }

  /** The stored state, or empty when the file does not exist. */
  Optional<LastSignState> read() throws IOException {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (NoSuchFileException absent) {
      return Optional.empty();
    }
    try {
      return Optional.of(LastSignState.fromJson(content));
    } catch (IllegalArgumentException e) {
      throw new IOException("validator state file " + file + " is corrupt: " + e.getMessage(), e);
    }
  }

  /** Durably replaces the state; when this returns, a crash cannot bring the old state back. */
  void write(LastSignState state) throws IOException {
    Path dir = file.getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(state.toJson());
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
