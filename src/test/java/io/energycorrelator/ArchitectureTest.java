package io.energycorrelator;

import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.energycorrelator.correlate.CorrelationPoints;
import io.energycorrelator.correlate.CorrelationsKept;
import io.energycorrelator.correlate.Cycle;
import io.energycorrelator.correlate.CycleOutcome;
import io.energycorrelator.correlate.KeptCorrelations;
import io.energycorrelator.correlate.Landed;
import io.energycorrelator.correlate.LateRows;
import io.energycorrelator.correlate.LookBack;
import io.energycorrelator.correlate.MeterWindowLoader;
import io.energycorrelator.correlate.RefusedPoints;
import io.energycorrelator.correlate.Skips;
import io.energycorrelator.correlate.StateChangeReader;
import io.energycorrelator.correlate.StateChangesRead;
import io.energycorrelator.correlate.Statistics;
import io.energycorrelator.correlate.TrackedDomains;
import io.energycorrelator.devices.profile.ProfileBook;
import io.energycorrelator.devices.profile.ProfileChanges;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
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

    /**
     * Health, statistics reports and meters watch the service; only the wiring (a home's, and with a homes file the
     * homes', in homes/) and the HTTP front know them.
     */
    @Test
    void nothingButTheWiringAndTheHttpFrontDependsOnOperations() {
        noClasses().that().resideOutsideOfPackages("io.energycorrelator", "io.energycorrelator.operations..",
                        "io.energycorrelator.http..", "io.energycorrelator.homes..")
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

    /**
     * No exchange property of a cycle is changed by more than two beans (issue #22): its plan never changes, and each
     * state a concern keeps in a property is changed (a call to one of its void methods, or a touch of its fields) by
     * at most two classes besides the state types themselves (which delegate to the {@link Skips} they hold). The
     * property names each bean sets are listed in RouteNames.
     */
    @Test
    void eachCycleStateIsChangedByAtMostTwoBeans() {
        assertThat(main.get(Cycle.class).getFields()).allMatch(f -> f.getModifiers().contains(JavaModifier.FINAL));
        List<Class<?>> states = List.of(Cycle.class, StateChangesRead.class, LookBack.class, Skips.class,
                CorrelationsKept.class, Landed.class, ProfileChanges.class);
        Set<String> stateNames = states.stream().map(Class::getName).collect(Collectors.toSet());
        Map<String, Set<String>> writers = new TreeMap<>();
        for (Class<?> state : states) {
            JavaClass type = main.get(state);
            Stream<JavaAccess<?>> changes = Stream.concat(
                    type.getMethodCallsToSelf().stream().filter(call -> call.getTarget().getRawReturnType().getName().equals("void")),
                    type.getFieldAccessesToSelf().stream());
            writers.put(state.getSimpleName(), changes.map(access -> access.getOriginOwner().getName().replaceAll("\\$.*", ""))
                    .filter(owner -> !stateNames.contains(owner)).collect(Collectors.toCollection(TreeSet::new)));
        }
        assertThat(writers).allSatisfy((state, by) -> assertThat(by).as(state + " changed by").hasSizeLessThanOrEqualTo(2));
        // what each is changed by today (a new writer is a design decision: this list says where to look)
        assertThat(writers).containsExactlyInAnyOrderEntriesOf(Map.of(
                "Cycle", Set.of(),
                "StateChangesRead", Set.of(StateChangeReader.class.getName(), TrackedDomains.class.getName()),
                "LookBack", Set.of(StateChangeReader.class.getName(), LateRows.class.getName()),
                "Skips", Set.of(MeterWindowLoader.class.getName()),
                "CorrelationsKept", Set.of(KeptCorrelations.class.getName()),
                "Landed", Set.of(CorrelationPoints.class.getName(), RefusedPoints.class.getName()),
                "ProfileChanges", Set.of(ProfileBook.class.getName())));
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
