package io.kizuki.incident;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** The module map of docs/architecture.md, for incident-service: a change that breaks it fails the build. */
class ArchitectureTest {

    private static final JavaClasses SERVICE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.kizuki.incident");

    @Test
    void theDomainKnowsOnlyJavaAndTheLedgerContract() {
        classes()
                .that()
                .resideInAPackage("io.kizuki.incident.domain..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(
                        "java..",
                        "io.kizuki.incident.domain..",
                        "io.kizuki.ledger",
                        "io.kizuki.ledger.event..",
                        "io.kizuki.ledger.command..")
                .check(SERVICE);
    }

    @Test
    void packagesFormNoCycle() {
        slices().matching("io.kizuki.incident.(*)..").should().beFreeOfCycles().check(SERVICE);
    }

    @Test
    void importsNoOtherServicesCode() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.kizuki.notify..", "io.kizuki.report..")
                .check(SERVICE);
    }
}
