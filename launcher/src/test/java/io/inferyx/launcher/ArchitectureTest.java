package io.inferyx.launcher;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The module boundaries of DESIGN §1, enforced on the compiled classes. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.inferyx");

    @Test
    void commonKnowsNoService() {
        noClasses().that().resideInAPackage("io.inferyx.common..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.inferyx.api..", "io.inferyx.batcher..", "io.inferyx.worker..", "io.inferyx.retry..",
                        "io.inferyx.launcher..")
                .check(CLASSES);
    }

    @Test
    void commonStaysOutOfTheWebLayer() {
        noClasses().that().resideInAPackage("io.inferyx.common..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..", "jakarta.servlet..")
                .check(CLASSES);
    }

    @Test
    void servicesTalkOnlyThroughRedisNeverToEachOther() {
        slices().matching("io.inferyx.(api|batcher|worker|retry)..").should().notDependOnEachOther().check(CLASSES);
    }
}
