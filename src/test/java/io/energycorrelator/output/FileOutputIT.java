package io.energycorrelator.output;

import io.energycorrelator.support.InfluxDbExtension;
import io.energycorrelator.support.InstallDirectory;
import io.energycorrelator.support.ServiceProcess;
import io.energycorrelator.support.TestBucket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.energycorrelator.output.CorrelationJson.assertCorrelation;
import static io.energycorrelator.support.LineProtocol.event;
import static io.energycorrelator.support.LineProtocol.meter;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/outputs.md, with a component the service does not ship, done as an integration engineer would do it:
 * the packaged service, run as a process, with camel-file and camel-cluster dropped into extensions/ (copied there by
 * Maven, on neither the service's nor the tests' class path) and routes/examples/correlations-file.camel.yaml copied
 * into routes/, appends each correlation it writes to a file of JSON lines; without the jars it refuses the route.
 */
@ExtendWith(InfluxDbExtension.class)
class FileOutputIT {

    private static final Path EXAMPLE = Path.of(System.getProperty("project.basedir", "."), "routes/examples/correlations-file.camel.yaml");
    private static final Path JARS = Path.of(System.getProperty("it.extensions.dir", "target/it-extensions"));
    private static final Duration START_UP = Duration.ofSeconds(90);

    @Test
    void withItsJarsInExtensionsTheExampleOutputWritesEachCorrelationOnceAsAJsonLine(TestBucket bucket) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // +60 W, -120 W, and a -5 W step below the threshold.
        Instant lampOn = now.minusSeconds(150);
        Instant heaterOff = now.minusSeconds(100);
        Instant hallOff = now.minusSeconds(50);
        bucket.write(
                meter(lampOn.minusSeconds(5), 2450), meter(lampOn.plusSeconds(5), 2510),
                meter(heaterOff.minusSeconds(5), 2505), meter(heaterOff.plusSeconds(5), 2385),
                meter(hallOff.minusSeconds(5), 2385), meter(hallOff.plusSeconds(5), 2380),
                event(lampOn, "switch.lamp", "switch", "on", "off"),
                event(heaterOff, "climate.heater", "climate", "off", "heat"),
                event(hallOff, "light.hall", "light", "off", "on"));

        try (InstallDirectory install = InstallDirectory.create().addRoute(EXAMPLE).addExtensions(JARS);
             ServiceProcess service = ServiceProcess.start(install.path(), environment(bucket))) {
            service.awaitStarted(START_UP);
            Path file = install.path().resolve("output/correlations.jsonl");
            service.awaitHealth(h -> h.get("total_fetches").asLong() >= 1 && Files.exists(file), Duration.ofSeconds(60));
            // Later cycles have nothing new: each correlation is written once.
            service.awaitMoreCycles(3, Duration.ofSeconds(30));

            List<String> lines = Files.readAllLines(file);
            assertThat(lines).hasSize(2);
            assertCorrelation(lines.get(0), "switch.lamp", "switch", "on", "off", lampOn, 2450.0, 2510.0, "live");
            assertCorrelation(lines.get(1), "climate.heater", "climate", "off", "heat", heaterOff, 2505.0, 2385.0, "live");
            assertThat(service.output()).contains("Extension jars from " + install.path().toRealPath().resolve("extensions")
                    + ": camel-cluster-4.17.0.jar, camel-file-4.17.0.jar");
        }
    }

    /** The jars come from extensions/ and nowhere else: without them the example route cannot start. */
    @Test
    void withoutTheJarsInExtensionsTheServiceRefusesTheExampleRoute() throws Exception {
        try (InstallDirectory install = InstallDirectory.create().addRoute(EXAMPLE);
             ServiceProcess service = ServiceProcess.start(install.path(), Map.of(
                     "INFLUXDB_URL", "http://127.0.0.1:1", "INFLUXDB_TOKEN", "not-used"))) {
            assertThat(service.awaitExit(START_UP)).isEqualTo(1);

            String output = service.output();
            assertThat(output).contains("Extension jars: none (" + install.path().toRealPath().resolve("extensions")
                    + " does not exist)");
            assertThat(output).contains("Failed to create route: correlations-file")
                    .contains("No endpoint could be found for: file://output?")
                    .contains("please check your classpath contains the needed Camel component jar");
        }
    }

    private static Map<String, String> environment(TestBucket bucket) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("INFLUXDB_URL", bucket.url());
        env.put("INFLUXDB_TOKEN", bucket.token());
        env.put("INFLUXDB_ORG", bucket.org());
        env.put("INFLUXDB_BUCKET", bucket.name());
        env.put("PROCESSING_INTERVAL", "1");
        env.put("FIRST_CYCLE_DELAY", "1");
        env.put("LATE_DATA_GRACE_SECONDS", "0");
        env.put("CORRELATOR_ESTIMATOR", "nearest");
        return env;
    }
}
