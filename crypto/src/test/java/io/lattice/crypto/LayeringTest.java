package io.lattice.crypto;

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

/** crypto sits just above common: its main code imports no other Lattice module. */
class LayeringTest {
  private static final Pattern LATTICE_IMPORT =
      Pattern.compile("^import\\s+(?:static\\s+)?(io\\.lattice\\.[\\w.]+)", Pattern.MULTILINE);

  @Test
  void mainCodeImportsOnlyCommonAndCrypto() throws IOException {
    Path sources = Path.of("src/main/java/io/lattice/crypto");
    assertThat(sources).as("run from the crypto module directory").isDirectory();
    List<String> violations = new ArrayList<>();
    int files = 0;
    try (Stream<Path> walk = Files.walk(sources)) {
      for (Path file : walk.filter(p -> p.toString().endsWith(".java")).toList()) {
        files++;
        Matcher m = LATTICE_IMPORT.matcher(Files.readString(file, StandardCharsets.UTF_8));
        while (m.find()) {
          String imported = m.group(1);
          if (!imported.startsWith("io.lattice.common.")
              && !imported.startsWith("io.lattice.crypto.")) {
            violations.add(file + " imports " + imported);
          }
        }
      }
    }
    assertThat(files).isPositive();
    assertThat(violations).as("crypto may import only io.lattice.common").isEmpty();
  }
}
