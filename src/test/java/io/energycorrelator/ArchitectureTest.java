package io.energycorrelator;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.energycorrelator.correlate.CycleOutcome;
import io.energycorrelator.correlate.Statistics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/** The layout that shows the architecture, kept by tests rather than by goodwill. */
class ArchitectureTest {

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.energycorrelator");
    }

    /** Each package, sub-packages included, is a slice: devices/profile/ is below correlate/, devices/ above it. */
    @Test
    void packagesDependOnEachOtherWithoutCycles() {
        slices().matching("io.energycorrelator.(**)").should().beFreeOfCycles().check(main);
    }

    @Test
    void theDomainModelKnowsNeitherCamelNorInfluxDb() {
        noClasses().that().resideInAPackage("io.energycorrelator.model..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.camel..", "com.influxdb..",
                        "io.energycorrelator.config..", "io.energycorrelator.correlate..", "io.energycorrelator.estimate..",
                        "io.energycorrelator.influx..", "io.energycorrelator.operations..", "io.energycorrelator.backfill..")
                .check(main);
    }

    @Test
    void theEstimatorsKnowOnlyTheModelAndTheirSettings() {
        noClasses().that().resideInAPackage("io.energycorrelator.estimate..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.camel..", "com.influxdb..",
                        "io.energycorrelator.correlate..", "io.energycorrelator.operations..", "io.energycorrelator.influx..")
                .check(main);
    }

    /** What a device draws and learns is plain Java on the model; its storage and report in devices/ use the rest. */
    @Test
    void deviceProfilesKnowOnlyTheModel() {
        noClasses().that().resideInAPackage("io.energycorrelator.devices.profile..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.camel..", "com.influxdb..",
                        "io.energycorrelator", "io.energycorrelator.devices", "io.energycorrelator.config..",
                        "io.energycorrelator.correlate..", "io.energycorrelator.estimate..", "io.energycorrelator.influx..",
                        "io.energycorrelator.operations..", "io.energycorrelator.backfill..",
                        "io.energycorrelator.homeassistant..", "io.energycorrelator.dashboard..", "io.energycorrelator.http..")
                .check(main);
    }

    /** The counters every step writes into stand alone, so that any package may count without a cycle. */
    @Test
    void statisticsDependOnNothingElseOfTheService() {
        classes().that().belongToAnyOf(Statistics.class, CycleOutcome.class)
                .should().onlyDependOnClassesThat(resideOutsideOfPackage("io.energycorrelator..")
                        .or(belongToAnyOf(Statistics.class, CycleOutcome.class)))
                .check(main);
    }

    /** Health, statistics reports and meters watch the service; only the wiring and the HTTP front know them. */
    @Test
    void nothingButTheWiringAndTheHttpFrontDependsOnOperations() {
        noClasses().that().resideOutsideOfPackages("io.energycorrelator", "io.energycorrelator.operations..",
                        "io.energycorrelator.http..")
                .should().dependOnClassesThat().resideInAPackage("io.energycorrelator.operations..")
                .check(main);
    }

    @Test
    void settingsDependOnNothingElseOfTheService() {
        noClasses().that().resideInAPackage("io.energycorrelator.config..")
                .should().dependOnClassesThat().resideInAnyPackage("io.energycorrelator.correlate..",
                        "io.energycorrelator.operations..", "io.energycorrelator.influx..", "io.energycorrelator.estimate..",
                        "io.energycorrelator.backfill..", "org.apache.camel..")
                .check(main);
    }

    /** The demo household is built into target/demo-extensions/ (pom.xml, scripts/demo.sh), not the service. */
    @Test
    void theServiceHoldsNoDemo() {
        noClasses().should().resideInAPackage("io.energycorrelator.demo..").check(main);
    }

    /**
     * The project stands on its own: no file points to a team guide, a folder outside the repository, or things
     * only its first authors knew (the phrases are spelt with \x20 so that this file does not match itself).
     */
    @Test
    void noFilePointsToDocumentsOutsideTheRepository() throws IOException {
        Pattern outside = Pattern.compile("GUIDE( |\\.md|§)|\\.\\./shared/|original\\x20service|our\\x20machines"
                + "|two-core\\x20machine|design\\x20example");
        List<String> offenders;
        try (Stream<Path> files = Stream.of("src", "routes", "scripts", "docs", ".ci").map(Path::of)
                .filter(Files::exists).flatMap(ArchitectureTest::walk)) {
            offenders = Stream.concat(files, Stream.of(Path.of("README.md"), Path.of("application.properties"),
                            Path.of("Dockerfile"), Path.of("docker-compose.yml")))
                    .filter(Files::isRegularFile)
                    .filter(p -> !p.toString().endsWith(".dat"))
                    .filter(p -> outside.matcher(read(p)).find())
                    .map(Path::toString).toList();
        }
        assertThat(offenders).isEmpty();
    }

    private static Stream<Path> walk(Path dir) {
        try {
            return Files.walk(dir);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }
}
