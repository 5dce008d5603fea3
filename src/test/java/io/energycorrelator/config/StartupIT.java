package io.energycorrelator.config;

import io.energycorrelator.Application;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged service refuses a bad setting with one line naming the key, and exit code 2. */
class StartupIT {

    @Test
    void aNegativeWindowStopsStartUpNamingTheKey() throws Exception {
        String output = refusedStartUp(Map.of("CORRELATOR_ESTIMATOR", "nearest", // the rule that reads the window
                "CORRELATION_WINDOW_SECONDS", "-10"));

        assertThat(output).contains("Invalid configuration: correlator.correlation-window-seconds "
                + "(environment CORRELATION_WINDOW_SECONDS) = '-10' is not allowed: expected a whole number from 2 to 3600");
    }

    /** A value that is not a number, for a key Camel binds too (its HTTP server's port): the key is named, exit 2. */
    @Test
    void aPortThatIsNotANumberStopsStartUpNamingTheKey() throws Exception {
        String output = refusedStartUp(Map.of("HTTP_PORT", "abc"));

        assertThat(output).contains("Invalid configuration: camel.server.port (environment HTTP_PORT) = 'abc' is not allowed: "
                + "expected a whole number from 1 to 65535");
    }

    /** An API key file that is missing, empty or not a readable file (a directory) stops start-up, naming it. */
    @ParameterizedTest
    @ValueSource(strings = {"missing", "empty", "directory"})
    void anApiKeyFileThatCannotBeReadStopsStartUpNamingIt(String kind, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("api-key");
        if (kind.equals("empty")) {
            Files.writeString(file, "  \n");
        } else if (kind.equals("directory")) {
            Files.createDirectory(file);
        }

        String output = refusedStartUp(Map.of("API_KEY_FILE", file.toString()));

        assertThat(output).contains("Invalid configuration: correlator.api-key-file (environment API_KEY_FILE) = '" + file
                + "' is not allowed: expected a readable file holding a non-empty API key");
    }

    @Test
    void aMalformedDevicePowerFileStopsStartUpNamingTheKeyAndTheLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("device-power.txt");
        Files.writeString(file, "switch.kettle 2000 0.5\nswitch.lamp sixty\n");

        String output = refusedStartUp(Map.of("DEVICE_POWER_FILE", file.toString()));

        assertThat(output).contains("Invalid configuration: correlator.energy.device-power-file (environment DEVICE_POWER_FILE) = '"
                + file + "' line 2 'switch.lamp sixty' is not allowed: expected lines '<entity_id> <power W> [<standby_power W>]'");
    }

    @Test
    void aZooKeeperThatIsNotHostAndPortStopsStartUpNamingIt() throws Exception {
        String output = refusedStartUp(Map.of("CLUSTER_ZOOKEEPER", "zookeeper"));

        assertThat(output).contains("Invalid configuration: correlator.cluster.zookeeper (environment CLUSTER_ZOOKEEPER) = 'zookeeper' "
                + "is not allowed: expected host:port, or several comma-separated (a ZooKeeper ensemble), e.g. zookeeper:2181");
    }

    @Test
    void aBindAddressThatIsNotAHostStopsStartUpNamingIt() throws Exception {
        String output = refusedStartUp(Map.of("HTTP_HOST", "http://0.0.0.0/"));

        assertThat(output).contains("Invalid configuration: camel.server.host (environment HTTP_HOST) = 'http://0.0.0.0/' "
                + "is not allowed: expected an IP address or host name to bind to, e.g. 0.0.0.0 or 127.0.0.1");
    }

    @Test
    void anOnStateThatIsNeitherOnNorOffStopsStartUpNamingTheKey() throws Exception {
        String output = refusedStartUp(Map.of("ON_STATES_SWITCH", "on,unavailable"));

        assertThat(output).contains("Invalid configuration: correlator.domains.on-states.switch (environment ON_STATES_SWITCH) "
                + "= 'on,unavailable' is not allowed: expected a comma-separated list of Home Assistant states "
                + "(letters, digits, '_'), neither unavailable nor unknown");
    }

    @Test
    void aBadValueOfOneHomeStopsStartUpNamingTheHomeAndTheKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("homes.yaml");
        Files.writeString(file, """
                homes:
                  - id: flat-1
                    settings: {correlator.influxdb.bucket: flat1}
                  - id: flat-2
                    settings: {correlator.influxdb.bucket: flat2, correlator.lookback-minutes: 0}
                """);

        String output = refusedStartUp(Map.of("HOMES_FILE", file.toString()));

        assertThat(output).contains("Invalid configuration: home flat-2 in " + file
                + ": correlator.lookback-minutes = '0' is not allowed: expected a whole number from 1 to 10080");
    }

    @Test
    void homeAssistantSensorsWithAHomesFileStopStartUpNamingTheKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("homes.yaml");
        Files.writeString(file, "homes:\n  - id: flat-1\n    settings: {correlator.influxdb.bucket: flat1}\n");

        String output = refusedStartUp(Map.of("HOMES_FILE", file.toString(), "MQTT_URL", "tcp://localhost:1883"));

        assertThat(output).contains("Invalid configuration: correlator.mqtt.url (environment MQTT_URL) must be unset with a homes "
                + "file (HOMES_FILE): the Home Assistant sensors are those of one home");
    }

    /** Runs the jar with the variables; expects exit code 2, no stack trace, and neither secret in the output. */
    private static String refusedStartUp(Map<String, String> environment) throws Exception {
        Path log = Files.createTempFile("startup", ".log");
        ProcessBuilder java = new ProcessBuilder(javaBinary(), "-jar", "target/energy-correlator.jar")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        java.environment().put("INFLUXDB_TOKEN", "token-that-must-not-be-printed");
        java.environment().put("API_KEY", "api-key-that-must-not-be-printed");
        try (ServerSocket free = new ServerSocket(0)) {
            java.environment().put("HTTP_PORT", Integer.toString(free.getLocalPort())); // were start-up to go on
        }
        java.environment().putAll(environment);
        if (environment.containsKey("API_KEY_FILE")) {
            java.environment().remove("API_KEY");
        }
        Process process = java.start();
        boolean ended = process.waitFor(60, TimeUnit.SECONDS);
        process.destroyForcibly();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);

        assertThat(ended).as(output).isTrue();
        assertThat(process.exitValue()).as(output).isEqualTo(Application.EXIT_INVALID_CONFIGURATION);
        assertThat(output).doesNotContain("\tat ").doesNotContain("token-that-must-not-be-printed")
                .doesNotContain("api-key-that-must-not-be-printed");
        return output;
    }

    private static String javaBinary() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
