package io.lattice.node;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The build-time layering check (DESIGN.md "Module map"): a lower module never imports a higher
 * one. The node module sees every module's classes, so it checks them all here.
 */
class LayeringTest {
  /** Lowest layer first; each entry is the root package of one module. */
  private static final List<String> LAYERS =
      List.of(
          "io.lattice.common",
          "io.lattice.crypto",
          "io.lattice.proto",
          "io.lattice.storage",
          "io.lattice.consensus",
          "io.lattice.p2p",
          "io.lattice.runtime",
          "io.lattice.auth",
          "io.lattice.bank",
          "io.lattice.staking",
          "io.lattice.slashing",
          "io.lattice.distribution",
          "io.lattice.node");

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.lattice");
  }

  static Stream<String> layers() {
    return LAYERS.stream().limit(LAYERS.size() - 1);
  }

  @ParameterizedTest(name = "{0} imports no higher layer")
  @MethodSource("layers")
  void lowerLayerNeverImportsHigherOne(String layer) {
    List<String> higher = new ArrayList<>();
    for (String other : LAYERS.subList(LAYERS.indexOf(layer) + 1, LAYERS.size())) {
      higher.add(other + "..");
    }
    noClasses()
        .that()
        .resideInAPackage(layer + "..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(higher.toArray(String[]::new))
        .because("DESIGN.md's module map puts " + layer + " below " + higher)
        .check(classes);
  }
}
