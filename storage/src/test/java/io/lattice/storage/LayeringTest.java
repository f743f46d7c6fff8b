package io.lattice.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** storage sits above common and crypto only (DESIGN.md module map). */
class LayeringTest {
  private static final Pattern IMPORT =
      Pattern.compile("^import\\s+(?:static\\s+)?(io\\.lattice\\.[\\w.]+);", Pattern.MULTILINE);
  private static final List<String> ALLOWED =
      List.of("io.lattice.storage.", "io.lattice.common.", "io.lattice.crypto.");

  @Test
  void mainCodeImportsNothingAboveCrypto() throws IOException {
    Path src = Path.of("src", "main", "java");
    assertThat(src).as("run from the storage module directory").isDirectory();
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Files.walk(src)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher m = IMPORT.matcher(Files.readString(f, StandardCharsets.UTF_8));
        while (m.find()) {
          String imported = m.group(1);
          if (ALLOWED.stream().noneMatch(imported::startsWith)) {
            violations.add(f + " imports " + imported);
          }
        }
      }
    }
    assertThat(violations).isEmpty();
  }
}
