package io.energycorrelator.homeassistant;

import com.fasterxml.jackson.databind.JsonNode;
import com.influxdb.query.FluxRecord;
import io.energycorrelator.support.HomeAssistant;
import io.energycorrelator.support.HomeAssistantExtension;
import io.energycorrelator.support.PackagedService;
import io.energycorrelator.support.TestBucket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The service beside a real Home Assistant 2025.4 (scripts/homeassistant.sh), nothing imitated: Home Assistant's own
 * InfluxDB integration writes the rows (its layout, its batching) into a real InfluxDB 2.x, the packaged service
 * correlates them, and its MQTT discovery messages, through a real Mosquitto, become sensors in Home Assistant whose
 * statistics Home Assistant accepts. The house: switch.kettle (1,200 W) and light.lamp (60 W), template entities over
 * input_booleans, and sensor.house_power, a template meter of 150 W plus what is on, switched through Home
 * Assistant's REST API as an automation would.
 *
 * <p>The step rule is the default ({@code aligned}) with a reach of 15 s instead of 30 s (tolerance and window 5 s):
 * the template meter changes in the same event-loop turn as the switch (the first test checks that their rows lie
 * within a second of each other), so a narrower window loses nothing, and switchings 20 s apart then overlap none
 * other, which the profiles need before they are learned from. The steps are then exact: the meter is a template.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealHomeAssistantIT {

    @RegisterExtension
    static final HomeAssistantExtension HOUSE = new HomeAssistantExtension();

    /** Longer than the rule's reach (15 s): no switching overlaps another. */
    private static final Duration SPACING = Duration.ofSeconds(20);
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final double KETTLE_W = 1200;
    private static final double LAMP_W = 60;
    private static final double BASE_W = 150;

    private static final String KETTLE_POWER = "sensor.energy_correlator_switch_kettle_power";
    private static final String KETTLE_ENERGY = "sensor.energy_correlator_switch_kettle_energy_today";

    private PackagedService service;
    private HomeAssistant ha;
    private TestBucket bucket;

    @BeforeAll
    void startTheService() throws Exception {
        ha = HOUSE.homeAssistant();
        bucket = HOUSE.bucket();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("INFLUXDB_URL", bucket.url());
        env.put("INFLUXDB_TOKEN", bucket.token());
        env.put("INFLUXDB_ORG", bucket.org());
        env.put("INFLUXDB_BUCKET", bucket.name());
        env.put("CORRELATOR_SCHEMA", "home-assistant");
        env.put("METER_ENTITY_ID", "sensor.house_power");
        env.put("ALIGNED_TOLERANCE_SECONDS", "5");
        env.put("ALIGNED_WINDOW_SECONDS", "5");
        // Home Assistant writes the meter in the same batch as the switch (within a second): little grace is needed.
        env.put("LATE_DATA_GRACE_SECONDS", "5");
        env.put("PROCESSING_INTERVAL", "2");
        env.put("FIRST_CYCLE_DELAY", "1");
        env.put("INFLUXDB_TIMEOUT_SECONDS", "3");
        env.put("MQTT_URL", HOUSE.broker().url());
        env.put("MQTT_USERNAME", HOUSE.broker().user());
        env.put("MQTT_PASSWORD", HOUSE.broker().password());
        env.put("MQTT_PUBLISH_INTERVAL", "2");
        env.put("ENERGY_TIME_ZONE", "UTC");
        service = PackagedService.start(env);
    }

    @AfterAll
    void stopTheService() throws Exception {
        if (service != null) {
            System.out.println("--- the service's output:\n" + service.output());
            service.close();
        }
    }

    @Test
    @Order(1)
    void homeAssistantsRowsAreCorrelatedAndTheKettleBecomesSensorsInHomeAssistant() throws Exception {
        Instant start = Instant.now();
        switchAndWait("switch", "turn_on", "switch.kettle");
        switchAndWait("switch", "turn_off", "switch.kettle");
        switchAndWait("switch", "turn_on", "switch.kettle");
        switchAndWait("switch", "turn_off", "switch.kettle");
        switchAndWait("light", "turn_on", "light.lamp");
        switchAndWait("light", "turn_off", "light.lamp");

        List<Row> rows = stateRows(start);
        System.out.println("Home Assistant's rows: " + rows);
        System.out.println("Home Assistant's meter rows: " + meterRows(start));
        List<FluxRecord> points = awaitCorrelations(rows.size());
        System.out.println("correlations: " + bucket.correlationLines());
        assertThat(points).hasSize(rows.size());

        JsonNode power = ha.awaitState(KETTLE_POWER, s -> true, WAIT);
        JsonNode energy = ha.awaitState(KETTLE_ENERGY, s -> true, WAIT);
        System.out.println("sensors: " + power + "\n" + energy);
        System.out.println("validate_statistics: " + ha.webSocket("recorder/validate_statistics"));
    }

    @Test
    @Order(2)
    void influxDbStoppedFor90SecondsWhileHomeAssistantSwitches() throws Exception {
        Instant start = Instant.now();
        HOUSE.influx().stop();
        Instant stopped = Instant.now();
        Thread.sleep(5_000);
        switchAndWait("light", "turn_on", "light.lamp");
        switchAndWait("light", "turn_off", "light.lamp");
        switchAndWait("switch", "turn_on", "switch.kettle");
        ha.call("switch", "turn_off", "switch.kettle");
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), stopped.plusSeconds(90)).toMillis()));
        HOUSE.influx().restart();
        Instant restarted = Instant.now();
        Thread.sleep(SPACING.toMillis());
        switchAndWait("light", "turn_on", "light.lamp");
        switchAndWait("light", "turn_off", "light.lamp");
        Thread.sleep(30_000);
        System.out.println("stopped " + stopped + " restarted " + restarted);
        System.out.println("Home Assistant's rows: " + stateRows(start));
        System.out.println("Home Assistant's meter rows: " + meterRows(start));
        System.out.println("correlations: " + bucket.correlationLines());
        System.out.println("Home Assistant's log on InfluxDB:\n" + ha.log().lines().filter(l -> l.contains("influx")).toList());
    }

    /** Calls the service and waits out the spacing, so that no two switchings overlap. */
    private void switchAndWait(String domain, String service, String entityId) throws Exception {
        ha.call(domain, service, entityId);
        Thread.sleep(SPACING.toMillis());
    }

    /** A state row as Home Assistant's InfluxDB integration wrote it. */
    record Row(Instant time, String entityId, String state) {
    }

    private List<Row> stateRows(Instant since) {
        return bucket.query("""
                from(bucket: BUCKET) |> range(start: %s)
                  |> filter(fn: (r) => (r.domain == "switch" or r.domain == "light") and r._field == "state")
                  |> group() |> sort(columns: ["_time"])""".formatted(since.minusSeconds(600)))
                .stream().map(r -> new Row(r.getTime(), r.getValueByKey("domain") + "." + r.getValueByKey("entity_id"),
                        (String) r.getValue())).toList();
    }

    private List<String> meterRows(Instant since) {
        return bucket.query("""
                from(bucket: BUCKET) |> range(start: %s)
                  |> filter(fn: (r) => r._measurement == "W" and r.entity_id == "house_power" and r._field == "value")
                  |> group() |> sort(columns: ["_time"])""".formatted(since.minusSeconds(600)))
                .stream().map(r -> r.getTime() + "=" + r.getValue()).toList();
    }

    private List<FluxRecord> awaitCorrelations(int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<FluxRecord> points = bucket.correlationPoints();
        while (points.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(500);
            points = bucket.correlationPoints();
        }
        return points;
    }
}
