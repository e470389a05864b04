package io.kizuki.report;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The module map of docs/architecture.md, for report-service: a change that breaks it fails the build. Each read
 * model is a folder of its own on the projection engine ({@code ledger}); what combines models is in
 * {@code service} and {@code rest}.
 */
class ArchitectureTest {

    private static final JavaClasses SERVICE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.kizuki.report");
    private static final List<String> READ_MODELS =
            List.of("changes", "incidents", "learning", "metrics", "oncall", "timeline");

    @Test
    void packagesFormNoCycle() {
        slices().matching("io.kizuki.report.(*)..").should().beFreeOfCycles().check(SERVICE);
    }

    @Test
    void noReadModelReachesIntoAnother() {
        for (String model : READ_MODELS) {
            String[] others = READ_MODELS.stream()
                    .filter(other -> !other.equals(model))
                    .map(other -> "io.kizuki.report." + other + "..")
                    .toArray(String[]::new);
            noClasses()
                    .that()
                    .resideInAPackage("io.kizuki.report." + model + "..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(others)
                    .check(SERVICE);
        }
    }

    @Test
    void theProjectionEngineKnowsNoReadModel() {
        String[] above = READ_MODELS.stream()
                .map(model -> "io.kizuki.report." + model + "..")
                .toArray(String[]::new);
        noClasses()
                .that()
                .resideInAPackage("io.kizuki.report.ledger..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(above)
                .orShould()
                .dependOnClassesThat()
                .resideInAnyPackage("io.kizuki.report.rest..", "io.kizuki.report.service..")
                .check(SERVICE);
    }

    @Test
    void importsNoOtherServicesCode() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.kizuki.incident..", "io.kizuki.notify..")
                .check(SERVICE);
    }
}
