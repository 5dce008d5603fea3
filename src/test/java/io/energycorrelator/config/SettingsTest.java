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
        values.put(Settings.INFLUX_TOKEN, "secret-token");
        return values;
    }

    static Settings read(Map<String, String> values) {
        return Settings.from(key -> Optional.ofNullable(values.get(key)));
    }

    @Test
    void theDefaultsAreTheOriginalServicesDefaults() throws IOException {
        Settings s = read(defaults());

        assertThat(s.influxUrl()).hasToString("http://localhost:8086");
        assertThat(s.processingInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.lookback()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.correlationWindow()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.halfWindow()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.minPowerDeltaW()).isEqualTo(10.0);
        assertThat(s.maxReadingGap()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.domains()).containsExactly("switch", "light", "climate", "fan", "cover");
        assertThat(s.httpPort()).isEqualTo(8016);
    }

    @Test
    void everyKeyInApplicationPropertiesNamesTheEnvironmentVariableThatSettingsReports() throws IOException {
        Properties file = new Properties();
        try (var in = Files.newInputStream(Path.of("application.properties"))) {
            file.load(in);
        }
        Pattern env = Pattern.compile("\\{\\{env:([A-Z_]+):.*}}");
        for (Map.Entry<String, String> known : EnvironmentNames.BY_KEY.entrySet()) {
            Matcher m = env.matcher(file.getProperty(known.getKey(), ""));
            assertThat(m.matches()).as("%s reads an environment variable", known.getKey()).isTrue();
            assertThat(m.group(1)).as("variable of %s", known.getKey()).isEqualTo(known.getValue());
        }
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
        "correlator.influxdb.bucket             | 'a\") |> drop(' | INFLUXDB_BUCKET | 1 to 128 characters",
        "correlator.domains                     | 'switch,Light!' | CORRELATOR_DOMAINS | comma-separated list",
        "camel.server.port                      | 70000 | HTTP_PORT                | a whole number from 1 to 65535",
    })
    void anInvalidValueIsRejectedWithTheKeyItsVariableAndWhatIsAllowed(String key, String value, String variable, String allowed)
            throws IOException {
        Map<String, String> values = defaults();
        values.put(key, value);

        assertThatThrownBy(() -> read(values))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining(key)
                .hasMessageContaining("environment " + variable)
                .hasMessageContaining("'" + value + "'")
                .hasMessageContaining(allowed);
    }

    @Test
    void aUrlWithCredentialsIsRejectedWithoutEchoingThem() throws IOException {
        Map<String, String> values = defaults();
        values.put(Settings.INFLUX_URL, "http://admin:s3cret@influxdb:8086");

        assertThatThrownBy(() -> read(values)).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("'http://***@influxdb:8086'")
                .hasMessageContaining("no user info")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void aMissingTokenIsRejectedNamingBothWaysToGiveIt() throws IOException {
        Map<String, String> values = defaults();
        values.remove(Settings.INFLUX_TOKEN);

        assertThatThrownBy(() -> read(values))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("INFLUXDB_TOKEN")
                .hasMessageContaining("INFLUXDB_TOKEN_FILE");
    }

    @Test
    void theTokenCanComeFromAFileAndIsNeverPrinted(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("token");
        Files.writeString(file, "token-from-file\n");
        Map<String, String> values = defaults();
        values.remove(Settings.INFLUX_TOKEN);
        values.put(Settings.INFLUX_TOKEN_FILE, file.toString());

        Settings s = read(values);

        assertThat(s.influxToken()).isEqualTo("token-from-file");
        assertThat(s.toString()).doesNotContain("token-from-file");
    }

    @Test
    void anUnreadableTokenFileIsRejectedWithoutShowingAnyToken(@TempDir Path dir) throws IOException {
        Map<String, String> values = defaults();
        values.remove(Settings.INFLUX_TOKEN);
        values.put(Settings.INFLUX_TOKEN_FILE, dir.resolve("missing").toString());

        assertThatThrownBy(() -> read(values))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining(Settings.INFLUX_TOKEN_FILE)
                .hasMessageContaining("a readable file holding a non-empty InfluxDB API token");
    }

    @Test
    void domainsAreTrimmed() throws IOException {
        Map<String, String> values = defaults();
        values.put(Settings.DOMAINS, " switch , light ");

        assertThat(read(values).domains()).isEqualTo(List.of("switch", "light"));
    }

    @Test
    void theDefaultSchemaIsTheOriginalLayout() throws IOException {
        Schema schema = read(defaults()).schema();

        assertThat(schema).isEqualTo(new Schema("homeiq", "home_assistant_events", "entity_id", true, "domain",
                "state_value", "previous_state", "smart_meter", "total_power_w", "", "", 1));
    }

    @Test
    void theHomeAssistantPresetNeedsTheMeterEntityAndTakesEitherFormOfIt() throws IOException {
        Map<String, String> values = defaults();
        values.put(Settings.SCHEMA, "home-assistant");
        assertThatThrownBy(() -> read(values)).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining(Settings.METER_ENTITY_ID).hasMessageContaining("METER_ENTITY_ID");

        values.put(Settings.METER_ENTITY_ID, "sensor.grid_power");
        Schema full = read(values).schema();
        values.put(Settings.METER_ENTITY_ID, "grid_power");
        Schema object = read(values).schema();

        assertThat(full).isEqualTo(object);
        assertThat(full).isEqualTo(new Schema("home-assistant", "", "entity_id", false, "domain", "state", "",
                "W", "value", "entity_id", "grid_power", 1));
    }

    @Test
    void eachKeyOverridesThePreset() throws IOException {
        Map<String, String> values = defaults();
        values.put(Settings.SCHEMA, "home-assistant");
        values.put(Settings.METER_ENTITY_ID, "house_power");
        values.put(Settings.METER_UNIT, "kW");
        values.put(Settings.EVENT_STATE_FIELD, "state_str");

        Schema schema = read(values).schema();

        assertThat(schema.meterMeasurement()).isEqualTo("kW");
        assertThat(schema.meterWattsPerUnit()).isEqualTo(1000.0);
        assertThat(schema.stateField()).isEqualTo("state_str");
        assertThat(schema.derivesPreviousState()).isTrue();
    }

    @Test
    void anUnknownPresetOrUnitIsRejected() throws IOException {
        Map<String, String> values = defaults();
        values.put(Settings.SCHEMA, "influx");
        assertThatThrownBy(() -> read(values)).hasMessageContaining("correlator.schema (environment CORRELATOR_SCHEMA) = 'influx'")
                .hasMessageContaining("one of homeiq, home-assistant");
        values.put(Settings.SCHEMA, "homeiq");
        values.put(Settings.METER_UNIT, "MW");
        assertThatThrownBy(() -> read(values)).hasMessageContaining("one of W, kW");
    }
}
