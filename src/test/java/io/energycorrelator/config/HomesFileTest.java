package io.energycorrelator.config;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HomesFileTest {

    private static final String PER_HOME = "correlator.influxdb.url, correlator.influxdb.token-file, "
            + "correlator.influxdb.org, correlator.influxdb.bucket, correlator.min-power-delta-w, correlator.lookback-minutes, "
            + "correlator.estimator, correlator.estimator.*, correlator.correlation-window-seconds, correlator.domains, "
            + "correlator.domains.*, correlator.profiles.*, correlator.energy.zone, correlator.energy.device-power-file, "
            + "correlator.schema, correlator.events.*, correlator.meter.*";

    @TempDir
    Path dir;
    private Path file;
    private Map<String, String> values;

    @BeforeEach
    void theProcessSettings() throws IOException {
        file = dir.resolve("homes.yaml");
        values = SettingsTest.defaults();
        values.put(HomesFile.KEY, file.toString());
    }

    private List<HomeDefinition> read(String yaml) throws IOException {
        Files.writeString(file, yaml);
        return HomesFile.read(SettingsTest.reader(values));
    }

    private Settings home(String yaml, int index) throws IOException {
        Settings base = SettingsTest.reader(values);
        return base.forHome(read(yaml).get(index));
    }

    @Test
    void theHomesAreReadInTheFilesOrderWithTheirSettingsAsStrings() throws IOException {
        List<HomeDefinition> homes = read("""
                # one entry per home
                homes:
                  - id: flat-14
                    settings:
                      correlator.influxdb.bucket: flat14
                      correlator.min-power-delta-w: 25
                      correlator.estimator.profile.min-confidence: 0.5
                      correlator.events.entity-tag-has-domain: false
                  - id: flat-12
                    settings:
                      correlator.meter.entity-id: house_power
                      correlator.influxdb.token-file: /run/secrets/flat12-token
                      correlator.influxdb.bucket: flat12
                  - id: '7'
                  - id: "8"
                    settings: {correlator.influxdb.bucket: "eight"}
                """);

        Map<String, String> flat14 = new LinkedHashMap<>();
        flat14.put("correlator.influxdb.bucket", "flat14");
        flat14.put("correlator.min-power-delta-w", "25");
        flat14.put("correlator.estimator.profile.min-confidence", "0.5");
        flat14.put("correlator.events.entity-tag-has-domain", "false");
        assertThat(homes).containsExactly(
                new HomeDefinition("flat-14", flat14),
                new HomeDefinition("flat-12", Map.of("correlator.meter.entity-id", "house_power",
                        "correlator.influxdb.token-file", "/run/secrets/flat12-token", "correlator.influxdb.bucket", "flat12")),
                new HomeDefinition("7", Map.of()),
                new HomeDefinition("8", Map.of("correlator.influxdb.bucket", "eight")));
        assertThat(homes.get(0).settings().keySet()).containsExactly("correlator.influxdb.bucket",
                "correlator.min-power-delta-w", "correlator.estimator.profile.min-confidence",
                "correlator.events.entity-tag-has-domain");
        assertThat(homes.get(1).toString()).doesNotContain("/run/secrets");
    }

    @Test
    void withoutAHomesFileThereAreNoHomes() throws IOException {
        values.put(HomesFile.KEY, "");

        assertThat(HomesFile.read(SettingsTest.reader(values))).isEmpty();
        assertThat(SettingsTest.defaults().get(HomesFile.KEY)).isEmpty();
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("homes:\n  - id: Flat 12\n",
                        "home #1 in <file>: id = 'Flat 12' is not allowed: expected 1 to 63 lower-case letters, digits, '_' or '-', the first a letter or digit (the id is part of route ids, metric labels and URLs)"),
                Arguments.of("homes:\n  - id: -flat\n",
                        "home #1 in <file>: id = '-flat' is not allowed: expected 1 to 63 lower-case letters, digits, '_' or '-', the first a letter or digit (the id is part of route ids, metric labels and URLs)"),
                Arguments.of("homes:\n  - id: a\n  - id: a234567890123456789012345678901234567890123456789012345678901234\n",
                        "home #2 in <file>: id = 'a234567890123456789012345678901234567890123456789012345678901234' is not allowed: expected 1 to 63 lower-case letters, digits, '_' or '-', the first a letter or digit (the id is part of route ids, metric labels and URLs)"),
                Arguments.of("homes:\n  - id: 12\n",
                        "home #1 in <file>: id = '12' is not allowed: expected 1 to 63 lower-case letters, digits, '_' or '-', the first a letter or digit (the id is part of route ids, metric labels and URLs), quoted where it is a number"),
                Arguments.of("homes:\n  - id: default\n",
                        "home #1 in <file>: id = 'default' is not allowed: it names the one home of a service without a homes file"),
                Arguments.of("homes:\n  - settings: {correlator.influxdb.bucket: a}\n",
                        "home #1 in <file>: id is not set: expected 1 to 63 lower-case letters, digits, '_' or '-', the first a letter or digit (the id is part of route ids, metric labels and URLs)"),
                Arguments.of("homes:\n  - id: a\n    settings: {correlator.influxdb.bucket: a}\n  - id: b\n    settings: {correlator.influxdb.bucket: b}\n  - id: a\n    settings: {correlator.influxdb.bucket: c}\n",
                        "home #3 in <file>: id = 'a' is not allowed: expected an id no other home has (home #1 has it)"),
                Arguments.of("homes:\n  - id: flat-12\n    settings:\n      correlator.processing-interval-seconds: 30\n",
                        "home flat-12 in <file>: correlator.processing-interval-seconds is not a key a home may set (it is the process's, the same for every home): a home may set PER_HOME (docs/settings.md)"),
                Arguments.of("homes:\n  - id: flat-12\n    settings:\n      correlator.mqtt.url: tcp://broker:1883\n",
                        "home flat-12 in <file>: correlator.mqtt.url is not a key a home may set (it is the process's, the same for every home): a home may set PER_HOME (docs/settings.md)"),
                Arguments.of("homes:\n  - id: flat-12\n    settings:\n      correlator.meter.entityid: house_power\n",
                        "home flat-12 in <file>: correlator.meter.entityid is not a key of application.properties (docs/settings.md)"),
                Arguments.of("homes:\n  - id: flat-12\n    settings:\n      correlator.influxdb.token: s3cret\n",
                        "home flat-12 in <file>: correlator.influxdb.token is not allowed in the homes file (a secret is given by file only): set correlator.influxdb.token-file to the path of a file holding the token"),
                Arguments.of("homes:\n  - id: flat-12\n    name: Flat 12\n",
                        "home flat-12 in <file>: key 'name' is not allowed: a home has only id and settings"),
                Arguments.of("homes:\n  - id: flat-12\n    settings:\n      correlator.domains: [switch, light]\n",
                        "home flat-12 in <file>: correlator.domains has no single value: expected a string, a number or a boolean"),
                Arguments.of("homes:\n  - id: flat-12\n    settings:\n      correlator.energy.zone:\n",
                        "home flat-12 in <file>: correlator.energy.zone has no single value: expected a string, a number or a boolean"),
                Arguments.of("homes:\n  - id: flat-12\n    settings: flat12\n",
                        "home flat-12 in <file>: settings is not allowed: expected a mapping of keys of application.properties to values"),
                Arguments.of("homes:\n  - flat-12\n",
                        "home #1 in <file>: expected a mapping with an id and its settings"),
                Arguments.of("homes:\n  - id: flat-12\n    settings: {correlator.influxdb.bucket: shared}\n  - id: flat-14\n    settings: {correlator.influxdb.bucket: shared, correlator.influxdb.url: 'http://localhost:8086/'}\n",
                        "homes flat-12 and flat-14 in <file> both write to bucket 'shared' of org 'homeiq' at http://localhost:8086: expected each home's own correlator.influxdb.bucket (a home's correlations, watermark and profiles live there: two homes would overwrite each other's)"),
                Arguments.of("homes:\n  - id: flat-12\n  - id: flat-14\n    settings: {correlator.lookback-minutes: 60}\n",
                        "homes flat-12 and flat-14 in <file> both write to bucket 'home_assistant_events' of org 'homeiq' at http://localhost:8086: expected each home's own correlator.influxdb.bucket (a home's correlations, watermark and profiles live there: two homes would overwrite each other's)"),
                Arguments.of("homes: []\n",
                        "correlator.homes-file (environment HOMES_FILE) = '<file>' is not allowed: expected a readable YAML file whose list 'homes' names each home's id and settings (docs/settings.md); its list 'homes' is empty"),
                Arguments.of("house:\n  - id: flat-12\n",
                        "correlator.homes-file (environment HOMES_FILE) = '<file>' is not allowed: expected a readable YAML file whose list 'homes' names each home's id and settings (docs/settings.md); it has no list 'homes'"),
                Arguments.of("homes:\n  - id: flat-12\nversion: 2\n",
                        "correlator.homes-file (environment HOMES_FILE) = '<file>' is not allowed: expected a readable YAML file whose list 'homes' names each home's id and settings (docs/settings.md); it has the key 'version' beside 'homes'"),
                Arguments.of("",
                        "correlator.homes-file (environment HOMES_FILE) = '<file>' is not allowed: expected a readable YAML file whose list 'homes' names each home's id and settings (docs/settings.md); it has no list 'homes'"),
                Arguments.of("homes:\n  - id: flat-12\n   settings: {correlator.influxdb.token: s3cret\n",
                        "correlator.homes-file (environment HOMES_FILE) = '<file>' is not allowed: expected a readable YAML file whose list 'homes' names each home's id and settings (docs/settings.md); it is not YAML (line 3, column 4: expected <block end>, but found '<block mapping start>')"),
                Arguments.of("homes:\n  - id: a\n  - id: b\nhomes: []\n",
                        "correlator.homes-file (environment HOMES_FILE) = '<file>' is not allowed: expected a readable YAML file whose list 'homes' names each home's id and settings (docs/settings.md); it is not YAML (line 4, column 1: found duplicate key homes)"));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void aFileThatIsNotAListOfHomesEachWithItsOwnBucketStopsStartUpNamingTheFileTheHomeAndTheKey(String yaml, String message) {
        assertThatThrownBy(() -> read(yaml))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("Invalid configuration: " + message.replace("<file>", file.toString()).replace("PER_HOME", PER_HOME));
    }

    @Test
    void aMissingOrUnreadableFileStopsStartUpNamingIt() throws IOException {
        assertThatThrownBy(() -> HomesFile.read(SettingsTest.reader(values)))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("Invalid configuration: correlator.homes-file (environment HOMES_FILE) = '" + file + "' is not"
                        + " allowed: expected a readable YAML file whose list 'homes' names each home's id and settings"
                        + " (docs/settings.md); it does not exist");

        values.put(HomesFile.KEY, dir.toString());
        assertThatThrownBy(() -> HomesFile.read(SettingsTest.reader(values)))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("Invalid configuration: correlator.homes-file (environment HOMES_FILE) = '" + dir + "' is not"
                        + " allowed: expected a readable YAML file whose list 'homes' names each home's id and settings"
                        + " (docs/settings.md); it cannot be read (IOException)");
    }

    @Test
    void twoHomesMayShareABucketNameOnDifferentServersOrOrgs() throws IOException {
        List<HomeDefinition> homes = read("""
                homes:
                  - id: a
                  - id: b
                    settings: {correlator.influxdb.url: "http://influxdb-2:8086"}
                  - id: c
                    settings: {correlator.influxdb.org: other}
                """);

        assertThat(homes).extracting(HomeDefinition::id).containsExactly("a", "b", "c");
    }

    @Test
    void aHomesViewHasItsOwnValuesAndTheProcesssOtherwise() throws IOException {
        Settings home = home("""
                homes:
                  - id: flat-12
                    settings:
                      correlator.influxdb.bucket: flat12
                      correlator.min-power-delta-w: 25
                      correlator.lookback-minutes: 60
                      correlator.schema: home-assistant
                      correlator.meter.entity-id: sensor.house_power
                      correlator.domains.on-states.vacuum: cleaning
                      correlator.domains: switch,vacuum
                """, 0);

        CycleSettings cycle = CycleSettings.read(home);
        assertThat(cycle.minPowerDeltaW()).isEqualTo(25.0);
        assertThat(cycle.lookback()).isEqualTo(Duration.ofMinutes(60));
        assertThat(cycle.interval()).isEqualTo(Duration.ofSeconds(60)); // the process's
        InfluxSettings influx = InfluxSettings.read(home);
        assertThat(influx.bucket()).isEqualTo("flat12");
        assertThat(influx.org()).isEqualTo("homeiq");
        assertThat(influx.token()).isEqualTo("secret-token"); // inherited: the home names no token file
        Schema schema = Schema.read(home);
        assertThat(schema.meterEntityId()).isEqualTo("house_power");
        assertThat(OnStateSettings.read(home, schema).onStates()).containsOnlyKeys("switch", "vacuum");
        // The process's own view is untouched.
        Settings base = SettingsTest.reader(values);
        assertThat(CycleSettings.read(base).minPowerDeltaW()).isEqualTo(10.0);
        assertThat(InfluxSettings.read(base).bucket()).isEqualTo("home_assistant_events");
    }

    @Test
    void aBadValueOfAHomesKeyNamesTheHomeAndTheFileAndAnyOtherKeyItsVariable() throws IOException {
        String yaml = """
                homes:
                  - id: flat-12
                    settings:
                      correlator.min-power-delta-w: -5
                """;
        assertThatThrownBy(() -> CycleSettings.read(home(yaml, 0)))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("Invalid configuration: home flat-12 in " + file + ": correlator.min-power-delta-w = '-5' is not"
                        + " allowed: expected a number from 0 to 1000000");

        values.put("correlator.lookback-minutes", "0");
        assertThatThrownBy(() -> CycleSettings.read(home(yaml.replace("-5", "5"), 0)))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("Invalid configuration: correlator.lookback-minutes (environment LOOKBACK_MINUTES) = '0' is not"
                        + " allowed: expected a whole number from 1 to 10080");
    }

    @Test
    void aHomesTokenFileWinsOverTheProcesssTokenAndABadOneNamesTheHome() throws IOException {
        Path token = dir.resolve("flat12-token");
        Files.writeString(token, "flat12-token-value\n");
        String yaml = """
                homes:
                  - id: flat-12
                    settings:
                      correlator.influxdb.bucket: flat12
                      correlator.influxdb.token-file: TOKEN
                  - id: flat-14
                    settings:
                      correlator.influxdb.bucket: flat14
                """.replace("TOKEN", token.toString());

        assertThat(values.get("correlator.influxdb.token")).isEqualTo("secret-token");
        assertThat(InfluxSettings.read(home(yaml, 0)).token()).isEqualTo("flat12-token-value");
        assertThat(InfluxSettings.read(home(yaml, 1)).token()).isEqualTo("secret-token");

        // The process's own token file is inherited as any other key; the home's still wins.
        Path processToken = dir.resolve("process-token");
        Files.writeString(processToken, "process-token-value");
        values.remove("correlator.influxdb.token");
        values.put("correlator.influxdb.token-file", processToken.toString());
        assertThat(InfluxSettings.read(home(yaml, 0)).token()).isEqualTo("flat12-token-value");
        assertThat(InfluxSettings.read(home(yaml, 1)).token()).isEqualTo("process-token-value");

        Files.delete(token);
        values.put("correlator.influxdb.token", "secret-token");
        assertThatThrownBy(() -> InfluxSettings.read(home(yaml, 0)))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("Invalid configuration: home flat-12 in " + file + ": correlator.influxdb.token-file = '" + token
                        + "' is not allowed: expected a readable file holding a non-empty InfluxDB API token");
    }

    @Test
    void theKeysAHomeMaySet() {
        assertThat(List.of("correlator.influxdb.url", "correlator.influxdb.token-file", "correlator.estimator",
                "correlator.estimator.aligned.window-seconds", "correlator.domains.on-states.switch",
                "correlator.profiles.recent-steps", "correlator.meter.unit", "correlator.events.state-field"))
                .allMatch(HomesFile::perHome);
        assertThat(List.of("correlator.influxdb.token", "correlator.influxdb.timeout-seconds", "correlator.api-key",
                "correlator.mqtt.url", "correlator.cluster.zookeeper", "correlator.backfill.workers",
                "correlator.energy.interval-minutes", "correlator.estimatorx", "correlator.homes-file",
                "camel.server.port", "correlator.max-reading-gap-seconds"))
                .noneMatch(HomesFile::perHome);
    }
}
