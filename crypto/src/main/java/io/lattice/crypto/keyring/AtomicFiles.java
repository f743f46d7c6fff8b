package io.lattice.crypto.keyring;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Crash-safe file writes: the content goes to a temporary file in the same directory, is forced to
 * disk, and only then appears under its final name (a hard link that fails if the name exists, or
 * an atomic rename when replacing), after which the directory itself is forced. A crash leaves
 * either the old state or the new one, plus at worst a stray {@code .*.tmp} file, never a torn key
 * file.
 */
final class AtomicFiles {
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  private static final Set<PosixFilePermission> OWNER_FILE =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_DIR =
      PosixFilePermissions.fromString("rwx------");

  private AtomicFiles() {}

  /** Creates {@code dir} (and parents) readable by the owner only, if it does not exist. */
  static void createPrivateDirectory(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    if (POSIX) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
    } else {
      Files.createDirectories(dir);
    }
  }

  /**
   * Writes a file that must not exist yet.
   *
   * @throws FileAlreadyExistsException when {@code target} exists (nothing is changed then)
   */
  static void createNew(Path target, byte[] content) throws IOException {
    Path temp = writeTemp(target, content);
    try {
      try {
        Files.createLink(target, temp);
      } catch (UnsupportedOperationException noHardLinks) {
        Files.move(temp, target);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
    forceDirectory(target.getParent());
  }

  /** Deletes {@code target} durably. */
  static void delete(Path target) throws IOException {
    Files.delete(target);
    forceDirectory(target.getParent());
  }

  private static Path writeTemp(Path target, byte[] content) throws IOException {
    Path dir = target.getParent();
    String prefix = "." + target.getFileName() + ".";
    FileAttribute<?>[] attributes =
        POSIX
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_FILE)}
            : new FileAttribute<?>[0];
    Path temp = Files.createTempFile(dir, prefix, ".tmp", attributes);
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
    return temp;
  }

  private static void forceDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException notSupportedHere) {
      // Some platforms cannot open a directory for sync; the file itself is already on disk.
    }
  }

  /** Whether {@code file} is readable and writable by its owner only (always true off POSIX). */
  static boolean ownerOnly(Path file) throws IOException {
    return !POSIX || Files.getPosixFilePermissions(file).equals(OWNER_FILE);
  }
}
