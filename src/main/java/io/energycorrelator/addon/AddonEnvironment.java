package io.energycorrelator.addon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns the Home Assistant add-on's options ({@code /data/options.json}) into the service's environment, printed
 * as shell {@code export} lines for the add-on's start script to evaluate: done in Java because the image has
 * no JSON tool. An option left empty or absent is not exported, so the service's default applies.
 */
public final class AddonEnvironment {

    /** Option name to the environment variable the service reads (application.properties). */
    private static final Map<String, String> VARIABLES = Map.ofEntries(
            Map.entry("influxdb_url", "INFLUXDB_URL"),
            Map.entry("influxdb_token", "INFLUXDB_TOKEN"),
            Map.entry("influxdb_org", "INFLUXDB_ORG"),
            Map.entry("influxdb_bucket", "INFLUXDB_BUCKET"),
            Map.entry("processing_interval", "PROCESSING_INTERVAL"),
            Map.entry("lookback_minutes", "LOOKBACK_MINUTES"),
            Map.entry("min_power_delta", "MIN_POWER_DELTA"),
            Map.entry("estimator", "CORRELATOR_ESTIMATOR"),
            Map.entry("meter_entity_id", "METER_ENTITY_ID"),
            Map.entry("meter_unit", "METER_UNIT"),
            Map.entry("domains", "CORRELATOR_DOMAINS"),
            Map.entry("mqtt_url", "MQTT_URL"),
            Map.entry("mqtt_username", "MQTT_USERNAME"),
            Map.entry("mqtt_password", "MQTT_PASSWORD"));

    private AddonEnvironment() {
    }

    /** The environment the options give, in the options' order; unknown options are ignored. */
    static Map<String, String> of(JsonNode options) {
        Map<String, String> environment = new LinkedHashMap<>();
        options.properties().forEach(option -> {
            String variable = VARIABLES.get(option.getKey());
            JsonNode value = option.getValue();
            if (variable != null && value.isValueNode() && !value.isNull() && !value.asText().isEmpty()) {
                environment.put(variable, value.asText());
            }
        });
        return environment;
    }

    /** One line {@code export NAME='value'} a POSIX shell reads back exactly, whatever the value holds. */
    static String exportLine(String variable, String value) {
        return "export " + variable + "='" + value.replace("'", "'\\''") + "'";
    }

    public static void main(String[] args) throws IOException {
        JsonNode options = new ObjectMapper().readTree(Path.of(args.length > 0 ? args[0] : "/data/options.json").toFile());
        of(options).forEach((variable, value) -> System.out.println(exportLine(variable, value)));
    }
}
