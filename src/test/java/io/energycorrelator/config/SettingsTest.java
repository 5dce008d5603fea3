package io.energycorrelator.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsTest {

    private static final List<String> DOMAINS = List.of("switch", "light", "climate", "fan", "cover");

    /** The defaults of application.properties, with the placeholders' defaults filled in, plus a token. */
    static Map<String, String> defaults() throws IOException {
        Properties file = new Properties();
        try (var in = Files.newInputStream(Path.of("application.properties"))) {
            file.load(in);
        }
        Map<String, String> values = new HashMap<>();
        Pattern env = Pattern.compile("\\{\\{env:([A-Z_]+):(.*)}}");
        for (String key : file.stringPropertyNames()) {
            Matcher m = env.matcher(file.getProperty(key));
            values.put(key, m.matches() ? m.group(2) : file.getProperty(key));
        }
        values.put("correlator.influxdb.token", "secret-token");
        return values;
    }

    /** The environment variable of each key, as application.properties declares it. */
    static Map<String, String> environmentVariables() throws IOException {
        Properties file = new Properties();
        try (var in = Files.newInputStream(Path.of("application.properties"))) {
            file.load(in);
        }
        Map<String, String> raw = new HashMap<>();
        file.stringPropertyNames().forEach(k -> raw.put(k, file.getProperty(k)));
        return Settings.environmentVariables(raw);
    }

    static Settings reader(Map<String, String> values) throws IOException {
        return new Settings(key -> Optional.ofNullable(values.get(key)), environmentVariables());
    }

    /** Reads every settings record, as the service does at start-up. */
    static void readAll(Map<String, String> values) throws IOException {
        Settings r = reader(values);
        InfluxSettings.read(r);
        CycleSettings.read(r);
        MeterSettings.read(r);
        EstimatorSettings.read(r);
        OnStateSettings.read(r, Schema.read(r));
        BackfillSettings.read(r);
        MqttSettings.read(r);
        HttpSettings.read(r);
        HealthSettings.read(r);
        EnergySettings.read(r);
        ClusterSettings.read(r);
    }

    @Test
    void theDefaultsAreTheOriginalServicesDefaults() throws IOException {
        Settings r = reader(defaults());
        InfluxSettings influx = InfluxSettings.read(r);
        CycleSettings cycle = CycleSettings.read(r);
        MeterSettings meter = MeterSettings.read(r);

        assertThat(influx.url()).hasToString("http://localhost:8086");
        assertThat(cycle.interval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(cycle.lookback()).isEqualTo(Duration.ofMinutes(5));
        assertThat(cycle.minPowerDeltaW()).isEqualTo(10.0);
        assertThat(meter.maxReadingGap()).isEqualTo(Duration.ofSeconds(30));
        assertThat(meter.maxSilence()).isEqualTo(Duration.ofSeconds(900));
        assertThat(Schema.read(r).trackedDomains()).containsExactly("switch", "light", "climate", "fan", "cover");
        assertThat(r.get("camel.server.port").wholeNumber(1, 65_535)).isEqualTo(8016);
    }

    @Test
    void theNewDefaultsBoundEveryWaitOnInfluxDbAndLeaveTheApiOpenOnEveryInterface() throws IOException {
        Settings r = reader(defaults());

        assertThat(InfluxSettings.read(r).timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(HealthSettings.read(r)).isEqualTo(new HealthSettings(Duration.ofSeconds(2), Duration.ofSeconds(5)));
        assertThat(HttpSettings.read(r)).isEqualTo(new HttpSettings("0.0.0.0", 8016, Optional.empty()));
    }

    @Test
    void theApiKeyComesDirectlyOrFromAFileAndIsNeverPrinted(@TempDir Path dir) throws IOException {
        Map<String, String> values = defaults();
        values.put("correlator.api-key", "direct-key");
        HttpSettings direct = HttpSettings.read(reader(values));
        Path file = dir.resolve("api-key");
        Files.writeString(file, "key-from-file\n");
        values.remove("correlator.api-key");
        values.put("correlator.api-key-file", file.toString());
        HttpSettings fromFile = HttpSettings.read(reader(values));

        assertThat(direct.apiKey()).hasValue("direct-key");
        assertThat(fromFile.apiKey()).hasValue("key-from-file");
        assertThat(direct + " " + fromFile).doesNotContain("direct-key").doesNotContain("key-from-file").contains("apiKey=set");
    }

    @Test
    void eachEstimatorReadsOnlyItsOwnKeys() throws IOException {
        Map<String, String> values = defaults();
        values.put("correlator.estimator", "profile");
        assertThat(EstimatorSettings.read(reader(values))).isEqualTo(new EstimatorSettings("profile",
                Map.of("tolerance_seconds", Duration.ofSeconds(10), "window_seconds", Duration.ofSeconds(10)), 0.3));

        values.put("correlator.estimator", "aligned");
        values.put("correlator.estimator.profile.min-confidence", "not read");
        assertThat(EstimatorSettings.read(reader(values))).isEqualTo(new EstimatorSettings("aligned",
                Map.of("tolerance_seconds", Duration.ofSeconds(10), "window_seconds", Duration.ofSeconds(10)), 0));

        values.put("correlator.estimator", "nearest");
        values.put("correlator.estimator.aligned.window-seconds", "not read");
        assertThat(EstimatorSettings.read(reader(values))).isEqualTo(new EstimatorSettings("nearest",
                Map.of("window_seconds", Duration.ofSeconds(10)), 0));

        values.put("correlator.estimator", "median");
        assertThat(EstimatorSettings.read(reader(values))).isEqualTo(new EstimatorSettings("median",
                Map.of("window_seconds", Duration.ofSeconds(10), "settle_seconds", Duration.ofSeconds(3)), 0));
    }

    @Test
    void theEnvironmentVariableOfAKeyIsTheOneApplicationPropertiesNames() throws IOException {
        Map<String, String> names = environmentVariables();

        assertThat(names).containsEntry("correlator.influxdb.url", "INFLUXDB_URL")
                .containsEntry("correlator.influxdb.token", "INFLUXDB_TOKEN")
                .containsEntry("correlator.processing-interval-seconds", "PROCESSING_INTERVAL")
                .containsEntry("correlator.lookback-minutes", "LOOKBACK_MINUTES")
                .containsEntry("correlator.correlation-window-seconds", "CORRELATION_WINDOW_SECONDS")
                .containsEntry("correlator.min-power-delta-w", "MIN_POWER_DELTA")
                .containsEntry("camel.server.port", "HTTP_PORT")
                .containsEntry("correlator.cluster.shard-count", "CLUSTER_SHARD_COUNT")
                .containsEntry("correlator.cluster.shards", "CLUSTER_SHARDS");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "correlator.correlation-window-seconds | -10  | CORRELATION_WINDOW_SECONDS | a whole number from 2 to 3600",
        "correlator.processing-interval-seconds | 1m  | PROCESSING_INTERVAL        | a whole number from 1 to 86400",
        "correlator.lookback-minutes            | 0   | LOOKBACK_MINUTES           | a whole number from 1 to 10080",
        "correlator.min-power-delta-w           | abc | MIN_POWER_DELTA            | a number from 0 to 1000000",
        "correlator.min-power-delta-w           | NaN | MIN_POWER_DELTA            | a number from 0 to 1000000",
        "correlator.influxdb.url                | localhost:8086 | INFLUXDB_URL    | an http:// or https:// URL",
        "correlator.influxdb.url                | http://        | INFLUXDB_URL    | an http:// or https:// URL",
        "correlator.influxdb.url                | influxdb.local | INFLUXDB_URL    | an http:// or https:// URL",
        "correlator.mqtt.url                    | broker.local   | MQTT_URL        | a tcp://, ssl://, ws:// or wss:// URL",
        "correlator.profiles.recent-steps       | 4   | PROFILE_RECENT_STEPS       | a whole number from 5 to 1000",
        "correlator.influxdb.bucket             | 'a\") |> drop(' | INFLUXDB_BUCKET | 1 to 128 characters",
        "correlator.influxdb.bucket             | 'db/rp/more' | INFLUXDB_BUCKET | database/retention-policy (InfluxDB 1.8)",
        "correlator.influxdb.bucket             | 'db/'  | INFLUXDB_BUCKET          | database/retention-policy (InfluxDB 1.8)",
        "correlator.domains                     | 'switch,Light!' | CORRELATOR_DOMAINS | comma-separated list",
        "camel.server.port                      | 70000 | HTTP_PORT                | a whole number from 1 to 65535",
        "camel.server.host                      | 'http://x/' | HTTP_HOST          | an IP address or host name",
        "correlator.influxdb.timeout-seconds    | 0   | INFLUXDB_TIMEOUT_SECONDS   | a whole number from 1 to 3600",
        "correlator.health.probe-timeout-seconds | 0  | HEALTH_PROBE_TIMEOUT_SECONDS | a whole number from 1 to 60",
        "correlator.health.cache-seconds        | 0   | HEALTH_CACHE_SECONDS       | a whole number from 1 to 300",
        "correlator.meter.max-silence-seconds   | -1  | METER_MAX_SILENCE_SECONDS  | a whole number from 0 to 86400",
        "correlator.meter.max-silence-seconds   | 15m | METER_MAX_SILENCE_SECONDS  | a whole number from 0 to 86400",
        "correlator.meter.max-silence-seconds   | 86401 | METER_MAX_SILENCE_SECONDS | a whole number from 0 to 86400",
        "correlator.domains.on-states.switch    | 'on,unavailable' | ON_STATES_SWITCH | neither unavailable nor unknown",
        "correlator.domains.on-states.cover     | 'opening;closing' | ON_STATES_COVER | comma-separated list of Home Assistant states",
        "correlator.domains.climate.on-actions  | 'heating,Unknown' | ON_ACTIONS_CLIMATE | neither unavailable nor unknown",
        "correlator.events.climate-action-field | 'hvac action' | EVENT_CLIMATE_ACTION_FIELD | 1 to 128 characters",
        "correlator.cluster.shard-count         | 0    | CLUSTER_SHARD_COUNT      | a whole number from 1 to 1024",
        "correlator.cluster.shard-count         | 1025 | CLUSTER_SHARD_COUNT      | a whole number from 1 to 1024",
        "correlator.cluster.shards              | 1    | CLUSTER_SHARDS           | comma-separated shards from 0 to 0",
    })
    void anInvalidValueIsRejectedWithTheKeyItsVariableAndWhatIsAllowed(String key, String value, String variable, String allowed)
            throws IOException {
        Map<String, String> values = defaults();
        values.put(key, value);

        values.put("correlator.estimator", "nearest");

        assertThatThrownBy(() -> readAll(values))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining(key)
                .hasMessageContaining("environment " + variable)
                .hasMessageContaining("'" + value + "'")
                .hasMessageContaining(allowed);
    }

    @Test
    void aUrlWithCredentialsIsRejectedWithoutEchoingThem() throws IOException {
        Map<String, String> values = defaults();
        values.put("correlator.influxdb.url", "http://admin:s3cret@influxdb:8086");

        assertThatThrownBy(() -> readAll(values)).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("'http://***@influxdb:8086'")
                .hasMessageContaining("no user info")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void aMissingTokenIsRejectedNamingBothWaysToGiveIt() throws IOException {
        Map<String, String> values = defaults();
        values.remove("correlator.influxdb.token");

        assertThatThrownBy(() -> readAll(values))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("INFLUXDB_TOKEN")
                .hasMessageContaining("INFLUXDB_TOKEN_FILE");
    }

    @Test
    void theTokenCanComeFromAFileAndIsNeverPrinted(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("token");
        Files.writeString(file, "token-from-file\n");
        Map<String, String> values = defaults();
        values.remove("correlator.influxdb.token");
        values.put("correlator.influxdb.token-file", file.toString());

        InfluxSettings s = InfluxSettings.read(reader(values));

        assertThat(s.token()).isEqualTo("token-from-file");
        assertThat(s.toString()).doesNotContain("token-from-file");
    }

    @Test
    void anUnreadableTokenFileIsRejectedWithoutShowingAnyToken(@TempDir Path dir) throws IOException {
        Map<String, String> values = defaults();
        values.remove("correlator.influxdb.token");
        values.put("correlator.influxdb.token-file", dir.resolve("missing").toString());

        assertThatThrownBy(() -> readAll(values))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("correlator.influxdb.token-file")
                .hasMessageContaining("a readable file holding a non-empty InfluxDB API token");
    }

    @Test
    void theHousesTimeZoneIsTheProcesssOwnUnlessSetAndAnUnknownOneIsRejectedNamingTheKey() throws IOException {
        Map<String, String> values = defaults();
        assertThat(values.get("correlator.energy.zone")).isEmpty();
        assertThat(reader(values).get("correlator.energy.zone").zoneOrProcess()).isEqualTo(java.time.ZoneId.systemDefault());

        values.put("correlator.energy.zone", "Europe/London");
        assertThat(reader(values).get("correlator.energy.zone").zoneOrProcess()).isEqualTo(java.time.ZoneId.of("Europe/London"));

        values.put("correlator.energy.zone", "Mars/Olympus");
        assertThatThrownBy(() -> reader(values).get("correlator.energy.zone").zoneOrProcess())
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("correlator.energy.zone")
                .hasMessageContaining("environment ENERGY_TIME_ZONE")
                .hasMessageContaining("'Mars/Olympus'");
    }

    @Test
    void theBucketMayBeInfluxDb18sDatabaseAndRetentionPolicy() throws IOException {
        Map<String, String> values = defaults();
        values.put("correlator.influxdb.bucket", "homeassistant/autogen");

        assertThat(InfluxSettings.read(reader(values)).bucket()).isEqualTo("homeassistant/autogen");
    }

    @Test
    void domainsAreTrimmed() throws IOException {
        Map<String, String> values = defaults();
        values.put("correlator.domains", " switch , light ");

        assertThat(Schema.read(reader(values)).trackedDomains()).isEqualTo(List.of("switch", "light"));
    }

    @Test
    void eachTrackedDomainsOnStatesAreOneSettingAndTheClimateActionFieldFollowsThePreset() throws IOException {
        Map<String, String> values = defaults();
        OnStateSettings homeiq = OnStateSettings.read(reader(values), Schema.read(reader(values)));

        assertThat(homeiq.onStates()).containsOnlyKeys(DOMAINS);
        assertThat(homeiq.onStates().get("switch")).containsExactly("on");
        assertThat(homeiq.onStates().get("cover")).containsExactly("opening", "closing");
        assertThat(homeiq.onStates().get("climate")).containsExactly("heat", "cool", "heat_cool", "auto", "dry", "fan_only");
        assertThat(homeiq.climateOnActions()).containsExactly("heating", "cooling", "drying", "fan", "preheating", "defrosting");
        assertThat(homeiq.climateActionField()).isEmpty();

        values.put("correlator.schema", "home-assistant");
        values.put("correlator.meter.entity-id", "grid_power");
        assertThat(OnStateSettings.read(reader(values), Schema.read(reader(values))).climateActionField())
                .isEqualTo("hvac_action_str");
        values.put("correlator.events.climate-action-field", "none");
        assertThat(OnStateSettings.read(reader(values), Schema.read(reader(values))).climateActionField()).isEmpty();

        // A new domain: tracked, and valued by one more line; a tracked domain without one is correlated only.
        values.put("correlator.domains", "switch,vacuum,media_player");
        values.put("correlator.domains.on-states.vacuum", "Cleaning, returning");
        Schema schema = Schema.read(reader(values));
        OnStateSettings added = OnStateSettings.read(reader(values), schema);
        assertThat(added.onStates()).containsOnlyKeys("switch", "vacuum");
        assertThat(added.onStates().get("vacuum")).containsExactly("cleaning", "returning");
        assertThat(added.unvalued(schema)).containsExactly("media_player");
    }

    @Test
    void theDefaultSchemaIsTheOriginalLayout() throws IOException {
        Schema schema = Schema.read(reader(defaults()));

        assertThat(schema).isEqualTo(new Schema("homeiq", "home_assistant_events", "entity_id", true, "domain",
                "state_value", "previous_state", "smart_meter", "total_power_w", "", "", 1, DOMAINS));
    }

    @Test
    void theHomeAssistantPresetNeedsTheMeterEntityAndTakesEitherFormOfIt() throws IOException {
        Map<String, String> values = defaults();
        values.put("correlator.schema", "home-assistant");
        assertThatThrownBy(() -> readAll(values)).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("correlator.meter.entity-id").hasMessageContaining("METER_ENTITY_ID");

        values.put("correlator.meter.entity-id", "sensor.grid_power");
        Schema full = Schema.read(reader(values));
        values.put("correlator.meter.entity-id", "grid_power");
        Schema object = Schema.read(reader(values));

        assertThat(full).isEqualTo(object);
        assertThat(full).isEqualTo(new Schema("home-assistant", "", "entity_id", false, "domain", "state", "",
                "W", "value", "entity_id", "grid_power", 1, DOMAINS));
    }

    @Test
    void eachKeyOverridesThePreset() throws IOException {
        Map<String, String> values = defaults();
        values.put("correlator.schema", "home-assistant");
        values.put("correlator.meter.entity-id", "house_power");
        values.put("correlator.meter.unit", "kW");
        values.put("correlator.events.state-field", "state_str");

        Schema schema = Schema.read(reader(values));

        assertThat(schema.meterMeasurement()).isEqualTo("kW");
        assertThat(schema.meterWattsPerUnit()).isEqualTo(1000.0);
        assertThat(schema.stateField()).isEqualTo("state_str");
        assertThat(schema.derivesPreviousState()).isTrue();
    }

    @Test
    void anUnknownPresetOrUnitIsRejected() throws IOException {
        Map<String, String> values = defaults();
        values.put("correlator.schema", "influx");
        assertThatThrownBy(() -> readAll(values)).hasMessageContaining("correlator.schema (environment CORRELATOR_SCHEMA) = 'influx'")
                .hasMessageContaining("one of homeiq, home-assistant");
        values.put("correlator.schema", "homeiq");
        values.put("correlator.meter.unit", "MW");
        assertThatThrownBy(() -> readAll(values)).hasMessageContaining("one of W, kW");
    }

    @Test
    void aMaxSilenceOfZeroHoldsNoReading() throws IOException {
        Map<String, String> values = defaults();
        values.put("correlator.meter.max-silence-seconds", "0");

        assertThat(MeterSettings.read(reader(values)).maxSilence()).isZero();
    }
}
