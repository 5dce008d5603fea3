package io.energycorrelator.addon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

class AddonEnvironmentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** What the Supervisor answers GET /services/mqtt with when the Mosquitto add-on provides the service. */
    private static final String MOSQUITTO_SERVICE = """
            {"result": "ok", "data": {"host": "core-mosquitto", "port": 1883, "ssl": false, "protocol": "3.1.1",
             "username": "addons", "password": "Ee'$3x", "addon": "core_mosquitto"}}""";

    @Test
    void mapsTheOptionsToTheServiceVariablesSkippingEmptyAndUnknownOnes() throws Exception {
        var options = JSON.readTree("""
                {"influxdb_url": "http://a0d7b954-influxdb:8086", "influxdb_token": "t0k",
                 "processing_interval": 60, "min_power_delta": 12.5, "mqtt_password": "",
                 "meter_entity_id": null, "something_else": "x"}""");

        assertEquals(Map.of("INFLUXDB_URL", "http://a0d7b954-influxdb:8086", "INFLUXDB_TOKEN", "t0k",
                "PROCESSING_INTERVAL", "60", "MIN_POWER_DELTA", "12.5"), AddonEnvironment.of(options));
    }

    @Test
    void quotesAValueSoThatTheShellReadsItBackExactly() {
        assertEquals("export MQTT_PASSWORD='it'\\''s $x `y`'", AddonEnvironment.exportLine("MQTT_PASSWORD", "it's $x `y`"));
    }

    @Test
    void theSupervisorsMqttServiceGivesTheBrokerWhenTheOptionsNameNone() throws Exception {
        var options = JSON.readTree("""
                {"influxdb_token": "t0k", "mqtt_url": "", "mqtt_username": "ignored", "mqtt_discovery_prefix": "ha"}""");

        assertThat(AddonEnvironment.of(options, JSON.readTree(MOSQUITTO_SERVICE))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "INFLUXDB_TOKEN", "t0k", "MQTT_DISCOVERY_PREFIX", "ha",
                "MQTT_URL", "tcp://core-mosquitto:1883", "MQTT_USERNAME", "addons", "MQTT_PASSWORD", "Ee'$3x"));
    }

    @Test
    void aBrokerWithTlsIsAnSslUrlAndOneWithoutUserIsAnonymous() throws Exception {
        var service = JSON.readTree("""
                {"result": "ok", "data": {"host": "broker.lan", "port": 8883, "ssl": true, "addon": "local_broker"}}""");

        assertThat(AddonEnvironment.of(JSON.readTree("{}"), service)).containsExactlyEntriesOf(Map.of("MQTT_URL", "ssl://broker.lan:8883"));
    }

    @Test
    void aBrokerInTheOptionsWinsOverTheSupervisorsService() throws Exception {
        var options = JSON.readTree("""
                {"mqtt_url": "tcp://192.168.1.5:1883", "mqtt_username": "me", "mqtt_password": "mine"}""");

        assertThat(AddonEnvironment.of(options, JSON.readTree(MOSQUITTO_SERVICE))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "MQTT_URL", "tcp://192.168.1.5:1883", "MQTT_USERNAME", "me", "MQTT_PASSWORD", "mine"));
    }

    @Test
    void noServiceAndNoBrokerLeavesTheSensorsOff() throws Exception {
        assertThat(AddonEnvironment.of(JSON.readTree("{\"influxdb_token\": \"t\"}"), null))
                .containsExactlyEntriesOf(Map.of("INFLUXDB_TOKEN", "t"));
    }

    /** config.yaml's options and schema, the mapping here and application.properties name the same settings. */
    @Test
    void everyOptionOfConfigYamlMapsToAServiceSetting() throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> config = (Map<String, Object>) new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(Path.of("homeassistant-addon/config.yaml")));
        @SuppressWarnings("unchecked")
        Map<String, Object> schema = (Map<String, Object>) config.get("schema");
        @SuppressWarnings("unchecked")
        Map<String, Object> options = (Map<String, Object>) config.get("options");

        assertThat(schema.keySet()).containsExactlyInAnyOrderElementsOf(AddonEnvironment.VARIABLES.keySet());
        assertThat(schema.keySet()).containsAll(options.keySet());
        assertThat(schema).containsEntry("influxdb_token", "password").containsEntry("mqtt_password", "password?");
        String properties = Files.readString(Path.of("application.properties"));
        Map<String, String> defaults = new LinkedHashMap<>();
        Matcher env = Pattern.compile("\\{\\{env:([A-Z0-9_]+):([^}]*)}}").matcher(properties);
        while (env.find()) {
            defaults.put(env.group(1), env.group(2));
        }
        assertThat(defaults).containsKeys(AddonEnvironment.VARIABLES.values().toArray(String[]::new));
        assertThat(config).containsEntry("ingress", true).containsEntry("ingress_port", 8016);
        assertThat(config.get("arch")).asList().containsExactly("amd64", "aarch64");
        assertThat(config.get("services")).asList().containsExactly("mqtt:want");
        // Every option with a default turns into exactly the variable it names.
        JsonNode asJson = JSON.valueToTree(options);
        assertThat(AddonEnvironment.of(asJson)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "INFLUXDB_URL", "http://a0d7b954-influxdb:8086", "INFLUXDB_ORG", "homeiq",
                "INFLUXDB_BUCKET", "homeassistant/autogen", "CORRELATOR_SCHEMA", "home-assistant", "METER_UNIT", "W",
                "CORRELATOR_DOMAINS", "switch,light,climate,fan,cover", "CORRELATOR_ESTIMATOR", "aligned",
                "MIN_POWER_DELTA", "10", "PROCESSING_INTERVAL", "60", "LOOKBACK_MINUTES", "5"));
    }
}
