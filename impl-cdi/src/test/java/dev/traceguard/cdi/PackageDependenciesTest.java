package dev.traceguard.cdi;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Which package may use which: no other module's internals, and the public package none of its own. */
class PackageDependenciesTest {
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.traceguard.cdi");

  // dev.traceguard.api.spi is allowed: the extension looks up the application's ErrorListener beans by that type.
  @Test
  void cdiModule_otherModulesInternals_notUsed() {
    noClasses().should().dependOnClassesThat()
        .resideInAnyPackage("dev.traceguard.core.internal..", "dev.traceguard.jaxrs..")
        .check(CLASSES);
  }

  @Test
  void publicPackage_internalPackage_notUsed() {
    noClasses().that().resideInAPackage("dev.traceguard.cdi")
        .should().dependOnClassesThat().resideInAPackage("dev.traceguard.cdi.internal..")
        .check(CLASSES);
  }

  @Test
  void onlyTheMicroProfileSource_touchesMicroProfileConfig() {
    noClasses().that().doNotHaveFullyQualifiedName("dev.traceguard.cdi.internal.MicroProfilePropertySource")
        .should().dependOnClassesThat().resideInAPackage("org.eclipse.microprofile..")
        .check(CLASSES);
  }
}
