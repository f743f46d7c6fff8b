package io.lattice.crypto;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates {@code shared/vectors} by walking up from the working directory. */
final class SharedVectors {
  private SharedVectors() {}

  static Path directory() {
    Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve("vectors");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "no shared/vectors directory found in "
            + start
            + " or any parent; the Wycheproof vectors are expected at ../shared/vectors"
            + " relative to the repository");
  }

  static Path wycheproof(String file) {
    Path path = directory().resolve("wycheproof").resolve(file);
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException("missing Wycheproof vector file " + path);
    }
    return path;
  }
}
