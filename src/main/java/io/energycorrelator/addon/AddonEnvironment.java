package io.energycorrelator.addon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns the Home Assistant add-on's options ({@code /data/options.json}) and, when there is one, the Supervisor's
 * MQTT service ({@code GET http://supervisor/services/mqtt}) into the service's environment, printed as shell
 * {@code export} lines for the add-on's start script ({@code homeassistant-addon/run.sh}) to evaluate. Done in Java
 * because the service image has the JVM and Jackson but no JSON tool, and so the mapping is unit-tested.
 * An option left empty or absent is not exported, so the service's default applies; the service itself then checks
 * every value and refuses to start naming the variable (the table in the add-on's DOCS.md names its option).
 */
public final class AddonEnvironment {

    /** Option name (homeassistant-addon/config.yaml) to the environment variable the service reads. */
    static final Map<String, String> VARIABLES = Map.ofEntries(
            Map.entry("influxdb_url", "INFLUXDB_URL"),
            Map.entry("influxdb_token", "INFLUXDB_TOKEN"),
            Map.entry("influxdb_org", "INFLUXDB_ORG"),
            Map.entry("influxdb_bucket", "INFLUXDB_BUCKET"),
            Map.entry("schema", "CORRELATOR_SCHEMA"),
            Map.entry("meter_entity_id", "METER_ENTITY_ID"),
            Map.entry("meter_unit", "METER_UNIT"),
            Map.entry("domains", "CORRELATOR_DOMAINS"),
            Map.entry("estimator", "CORRELATOR_ESTIMATOR"),
            Map.entry("min_power_delta", "MIN_POWER_DELTA"),
            Map.entry("processing_interval", "PROCESSING_INTERVAL"),
            Map.entry("lookback_minutes", "LOOKBACK_MINUTES"),
            Map.entry("mqtt_url", "MQTT_URL"),
            Map.entry("mqtt_username", "MQTT_USERNAME"),
            Map.entry("mqtt_password", "MQTT_PASSWORD"),
            Map.entry("mqtt_discovery_prefix", "MQTT_DISCOVERY_PREFIX"));

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

    /**
     * The options' environment, plus the broker of the Supervisor's MQTT service (its answer as is,
     * {@code {"result": "ok", "data": {"host", "port", "ssl", "username", "password", ...}}}) when the options name
     * no broker themselves: a broker set in the options wins, whole (URL, user and password together).
     */
    static Map<String, String> of(JsonNode options, JsonNode mqttService) {
        Map<String, String> environment = of(options);
        JsonNode service = mqttService == null ? null : mqttService.has("data") ? mqttService.get("data") : mqttService;
        if (environment.containsKey("MQTT_URL") || service == null || !service.hasNonNull("host") || !service.hasNonNull("port")) {
            return environment;
        }
        environment.remove("MQTT_USERNAME");
        environment.remove("MQTT_PASSWORD");
        String scheme = service.path("ssl").asBoolean(false) ? "ssl" : "tcp";
        environment.put("MQTT_URL", scheme + "://" + service.get("host").asText() + ":" + service.get("port").asText());
        if (!service.path("username").asText("").isEmpty()) {
            environment.put("MQTT_USERNAME", service.get("username").asText());
        }
        if (!service.path("password").asText("").isEmpty()) {
            environment.put("MQTT_PASSWORD", service.get("password").asText());
        }
        return environment;
    }

    /** One line {@code export NAME='value'} a POSIX shell reads back exactly, whatever the value holds. */
    static String exportLine(String variable, String value) {
        return "export " + variable + "='" + value.replace("'", "'\\''") + "'";
    }

    /**
     * {@code AddonEnvironment OPTIONS_FILE [-]}: the export lines on standard output; with {@code -}, the Supervisor's
     * MQTT service answer is read from standard input (empty: none), so that its password never stands in a file or
     * a command line. Which variables were set (names only) goes to standard error, for the add-on's log.
     */
    public static void main(String[] args) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Path optionsFile = Path.of(args.length > 0 ? args[0] : "/data/options.json");
        JsonNode options = json.readTree(optionsFile.toFile());
        JsonNode mqttService = null;
        if (args.length > 1 && args[1].equals("-")) {
            try (InputStream in = System.in) {
                byte[] answer = in.readAllBytes();
                mqttService = answer.length == 0 ? null : json.readTree(answer);
            }
        }
        Map<String, String> environment = of(options, mqttService);
        environment.forEach((variable, value) -> System.out.println(exportLine(variable, value)));
        String broker = !environment.containsKey("MQTT_URL") ? "none (Home Assistant sensors off)"
                : of(options).containsKey("MQTT_URL") ? "from the options" : "the Supervisor's MQTT service";
        System.err.println("Add-on: " + optionsFile + " sets " + String.join(", ", environment.keySet()) + "; MQTT broker: " + broker);
    }
}
