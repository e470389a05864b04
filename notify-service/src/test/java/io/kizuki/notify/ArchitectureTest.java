package io.kizuki.notify;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** The module map of docs/architecture.md, for notify-service: a change that breaks it fails the build. */
class ArchitectureTest {

    private static final JavaClasses SERVICE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.kizuki.notify");

    @Test
    void packagesFormNoCycle() {
        slices().matching("io.kizuki.notify.(*)..").should().beFreeOfCycles().check(SERVICE);
    }

    @Test
    void pagingDecisionsAreMadeWithoutChannelsOrKafka() {
        noClasses()
                .that()
                .resideInAnyPackage("io.kizuki.notify.paging..", "io.kizuki.notify.oncall..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.kizuki.notify.channel..",
                        "io.kizuki.notify.service..",
                        "io.kizuki.notify.rest..",
                        "org.apache.kafka..")
                .check(SERVICE);
    }

    @Test
    void importsNoOtherServicesCode() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.kizuki.incident..", "io.kizuki.report..")
                .check(SERVICE);
    }
}
