package dev.traceguard.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The module rules of docs/architecture.md, checked on the compiled classes of api and core. */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.traceguard");
  }

  @Test
  void api_dependsOnOpenTelemetryApiAndAnnotationsOnly() {
    classes().that().resideInAPackage("dev.traceguard.api..")
        .should().onlyDependOnClassesThat().resideInAnyPackage(
            "dev.traceguard.api..", "java..", "io.opentelemetry.api..", "io.opentelemetry.context..",
            "jakarta.enterprise.util..", "jakarta.interceptor..", "org.jspecify.annotations..")
        .check(classes);
  }

  @Test
  void core_isContainerNeutral() {
    noClasses().that().resideInAPackage("dev.traceguard.core..")
        .should().dependOnClassesThat().resideInAnyPackage("jakarta..", "javax.ws..", "javax.enterprise..")
        .check(classes);
  }

  @Test
  void api_neverReachesIntoImplementations() {
    noClasses().that().resideInAPackage("dev.traceguard.api..")
        .should().dependOnClassesThat().resideInAPackage("dev.traceguard.core..")
        .check(classes);
  }

  @Test
  void internalPackages_usedOnlyWithinTheirOwnModule() {
    noClasses().that().resideOutsideOfPackage("dev.traceguard.core..")
        .should().dependOnClassesThat().resideInAPackage("dev.traceguard.core.internal..")
        .check(classes);
  }
}
