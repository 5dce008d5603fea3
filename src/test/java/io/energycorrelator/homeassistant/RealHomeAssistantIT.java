package io.energycorrelator.homeassistant;

import com.fasterxml.jackson.databind.JsonNode;
import com.influxdb.query.FluxRecord;
import io.energycorrelator.support.HomeAssistant;
import io.energycorrelator.support.HomeAssistantExtension;
import io.energycorrelator.support.HomeAssistantRows;
import io.energycorrelator.support.HomeAssistantRows.Reading;
import io.energycorrelator.support.HomeAssistantRows.Row;
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
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

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
 * the template meter changes in the same event-loop turn as the switch (the first test checks that each state row
 * has its meter row within a second), so the narrower reach loses nothing, and switchings 20 s apart then overlap
 * none other (a profile learns only from steps that overlap nothing). The steps are exact: the meter is a template.
 *
 * <p>Measured here, and asserted: Home Assistant writes a row for an entity's initial state only when its InfluxDB
 * integration happened to be set up before the entity (else the first switching has previous state "unknown"); and with {@code api_version: 2} its InfluxDB
 * integration writes asynchronously, so while InfluxDB is down it drops every row, logging "Wrote 2 events." as if
 * they had landed, and retries nothing ({@code max_retries} applies to api_version 1 only; with api_version 1 and
 * InfluxDB 1.8 it retries and delivers late: RealHomeAssistantOnInfluxDb18IT).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealHomeAssistantIT {

    @RegisterExtension
    static final HomeAssistantExtension HOUSE = new HomeAssistantExtension();

    /** Longer than the rule's reach (15 s): no switching overlaps another. */
    private static final Duration SPACING = Duration.ofSeconds(20);
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Duration OUTAGE = Duration.ofSeconds(90);
    private static final double BASE_W = 150;
    private static final double KETTLE_W = 1200;
    private static final double LAMP_W = 60;

    private static final String KETTLE_POWER = "sensor.energy_correlator_switch_kettle_power";
    private static final String KETTLE_ENERGY = "sensor.energy_correlator_switch_kettle_energy_today";
    private static final String LAMP_POWER = "sensor.energy_correlator_light_lamp_power";

    private PackagedService service;
    private HomeAssistant ha;
    private TestBucket bucket;
    /** What Home Assistant wrote into the bucket. */
    private HomeAssistantRows written;
    /** The rows Home Assistant wrote at its start for the entities' initial states: none, or some, as it happens. */
    private List<Row> initial;

    @BeforeAll
    void startTheService() throws Exception {
        ha = HOUSE.homeAssistant();
        bucket = HOUSE.bucket();
        written = new HomeAssistantRows(bucket, Instant.now().minusSeconds(60));
        Map<String, String> env = HOUSE.serviceEnvironment();
        env.put("ALIGNED_TOLERANCE_SECONDS", "5");
        env.put("ALIGNED_WINDOW_SECONDS", "5");
        // A zone where it is now between 12:00 and 13:00, whatever the hour the test runs at: no midnight starts the
        // energy sensor's day again in the middle of the test.
        env.put("ENERGY_TIME_ZONE", ZoneOffset.ofHours(12 - Instant.now().atOffset(ZoneOffset.UTC).getHour()).getId());
        service = PackagedService.start(env);

        // At its start Home Assistant writes the initial states of the entities its InfluxDB integration already
        // listens to, which depends on which integration is set up first: measured here, sometimes all of them,
        // sometimes none (the meter mostly). They are "off", draw nothing and are never correlated. The first switching
        // waits until they lie out of its reach.
        Thread.sleep(2_000); // the integration sends what it queued within a second
        initial = written.states();
        System.out.printf("Home Assistant wrote %d rows of initial states: %s%n", initial.size(), initial);
        assertThat(initial).allMatch(r -> r.state().equals("off"));
        HomeAssistantRows.sleepUntil(written.newest().plus(SPACING));
    }

    /** The previous state of an entity's first switching: the initial state if Home Assistant wrote it, else unknown. */
    private String firstPrevious(String entityId) {
        return initial.stream().anyMatch(r -> r.entityId().equals(entityId)) ? "off" : "unknown";
    }

    /** The rows Home Assistant wrote for the test's switchings. */
    private List<Row> switchings() {
        return written.states().stream().filter(r -> !initial.contains(r)).toList();
    }

    @AfterAll
    void stopTheService() throws Exception {
        if (service != null) {
            service.close();
        }
    }

    @Test
    @Order(1)
    void homeAssistantsRowsAreCorrelatedAndTheKettleBecomesSensorsThatHomeAssistantsStatisticsAccept() throws Exception {
        switchAndWait("switch", "turn_on", "switch.kettle");
        switchAndWait("switch", "turn_off", "switch.kettle");
        switchAndWait("switch", "turn_on", "switch.kettle");
        switchAndWait("switch", "turn_off", "switch.kettle");
        switchAndWait("light", "turn_on", "light.lamp");
        switchAndWait("light", "turn_off", "light.lamp");

        // What Home Assistant wrote: one row per switching, each with its meter row (the new total) within a second:
        // the template follows in the same event-loop turn.
        List<Row> rows = switchings();
        assertThat(rows).extracting(Row::entityId, Row::state).containsExactly(
                tuple("switch.kettle", "on"), tuple("switch.kettle", "off"), tuple("switch.kettle", "on"),
                tuple("switch.kettle", "off"), tuple("light.lamp", "on"), tuple("light.lamp", "off"));
        List<Reading> meter = written.meter();
        double[] totals = {BASE_W + KETTLE_W, BASE_W, BASE_W + KETTLE_W, BASE_W, BASE_W + LAMP_W, BASE_W};
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            double total = totals[i];
            assertThat(meter).as("the meter row of %s", row)
                    .anySatisfy(r -> {
                        assertThat(Duration.between(row.time(), r.time()).abs()).isLessThan(Duration.ofSeconds(1));
                        assertThat(r.watts()).isEqualTo(total);
                    });
        }

        // Each correlated once, with the template's exact steps.
        List<FluxRecord> points = bucket.awaitCorrelationPoints(rows.size(), WAIT);
        assertThat(points).extracting(p -> p.getTime(), p -> p.getValueByKey("entity_id"), p -> p.getValueByKey("domain"),
                p -> p.getValueByKey("previous_state"), p -> p.getValueByKey("state"), p -> p.getValueByKey("power_before_w"),
                p -> p.getValueByKey("power_after_w"), p -> p.getValueByKey("power_delta_w"), p -> p.getValueByKey("overlapping_events"))
                .containsExactly(
                        tuple(rows.get(0).time(), "switch.kettle", "switch", firstPrevious("switch.kettle"), "on", 150.0, 1350.0, 1200.0, 0L),
                        tuple(rows.get(1).time(), "switch.kettle", "switch", "on", "off", 1350.0, 150.0, -1200.0, 0L),
                        tuple(rows.get(2).time(), "switch.kettle", "switch", "off", "on", 150.0, 1350.0, 1200.0, 0L),
                        tuple(rows.get(3).time(), "switch.kettle", "switch", "on", "off", 1350.0, 150.0, -1200.0, 0L),
                        tuple(rows.get(4).time(), "light.lamp", "light", firstPrevious("light.lamp"), "on", 150.0, 210.0, 60.0, 0L),
                        tuple(rows.get(5).time(), "light.lamp", "light", "on", "off", 210.0, 150.0, -60.0, 0L));
        assertThat(points).extracting(p -> (Double) p.getValueByKey("power_delta_pct"))
                .containsExactly(800.0, -1200.0 / 1350 * 100, 800.0, -1200.0 / 1350 * 100, 40.0, -60.0 / 210 * 100);

        // The kettle's profile is confident (two equal steps each way), so the service announces its two sensors, which
        // Home Assistant's MQTT integration creates. The lamp has one step each way (confidence 1/4 < 0.3): none.
        JsonNode power = ha.awaitState(KETTLE_POWER, s -> true, WAIT);
        assertThat(power.get("state").asText()).isEqualTo("0");
        assertSensor(power, "energy-correlator switch.kettle power", "power", "measurement", "W");
        JsonNode energy = ha.awaitState(KETTLE_ENERGY, s -> true, WAIT);
        assertSensor(energy, "energy-correlator switch.kettle energy today", "energy", "total_increasing", "Wh");
        // On twice for about 20 s at 1,200 W: its time on by Home Assistant's own rows (published to a tenth of a Wh).
        assertThat(energy.get("state").asDouble()).isCloseTo(wattHoursOn(rows), within(0.051));
        assertThat(ha.state(LAMP_POWER)).isNull();

        // The power sensor follows the kettle; Home Assistant's statistics accept both sensors (no issue at all).
        ha.call("switch", "turn_on", "switch.kettle");
        Instant on = Instant.now();
        ha.awaitState(KETTLE_POWER, s -> s.get("state").asText().matches("[0-9.]+") && s.get("state").asDouble() == KETTLE_W, WAIT);
        assertThat(ha.webSocket("recorder/validate_statistics").isEmpty()).as("recorder/validate_statistics: no issue").isTrue();
        HomeAssistantRows.sleepUntil(on.plus(SPACING));
        switchAndWait("switch", "turn_off", "switch.kettle");
        List<Row> all = switchings();
        assertThat(all).hasSize(8);
        double wattHours = wattHoursOn(all);
        ha.awaitState(KETTLE_POWER, s -> s.get("state").asText().equals("0"), WAIT);
        energy = ha.awaitState(KETTLE_ENERGY, s -> s.get("state").asText().matches("[0-9.]+")
                && Math.abs(s.get("state").asDouble() - wattHours) < 0.051, WAIT);
        // Three times on for at least 20 s (less the call's few milliseconds) at 1,200 W: 20 Wh or a little more.
        assertThat(energy.get("state").asDouble()).isGreaterThanOrEqualTo(19.9);
        JsonNode issues = ha.webSocket("recorder/validate_statistics");
        assertThat(issues.isObject() && issues.isEmpty()).as("recorder/validate_statistics: %s", issues).isTrue();
    }

    @Test
    @Order(2)
    void whileInfluxDbIsStoppedHomeAssistantDropsItsRowsAndEveryRowThatLandsIsCorrelatedExactlyOnce() throws Exception {
        bucket.awaitCorrelationPoints(switchings().size(), WAIT);
        int logBefore = ha.log().length();
        HOUSE.influx().stop();
        Instant stopped = Instant.now();
        Thread.sleep(2_000);
        switchAndWait("light", "turn_on", "light.lamp");
        switchAndWait("light", "turn_off", "light.lamp");
        switchAndWait("switch", "turn_on", "switch.kettle");
        ha.call("switch", "turn_off", "switch.kettle");
        HomeAssistantRows.sleepUntil(stopped.plus(OUTAGE));
        String outageLog = ha.log().substring(logBefore);
        HOUSE.influx().restart();
        Instant restarted = Instant.now();

        // What Home Assistant 2025.4 does with api_version 2: its writes are asynchronous, so it never sees them fail.
        // Each switching's batch (the entity and the meter) is "written" and lost; no error, no retry.
        assertThat(outageLog.lines().filter(l -> l.contains("[homeassistant.components.influxdb]")).toList())
                .hasSize(4).allMatch(l -> l.contains("DEBUG") && l.endsWith("Wrote 2 events."));

        Thread.sleep(5_000);
        switchAndWait("light", "turn_on", "light.lamp");
        switchAndWait("light", "turn_off", "light.lamp");

        List<Row> rows = switchings();
        assertThat(rows).noneMatch(r -> r.time().isAfter(stopped) && r.time().isBefore(restarted));
        assertThat(written.meter()).noneMatch(r -> r.time().isAfter(stopped) && r.time().isBefore(restarted));
        assertThat(rows).hasSize(10);

        // Every state change that landed is correlated exactly once; the lamp's next switchings follow its last stored
        // row (off), and the meter held its last stored value (150 W) through the outage: the steps are right.
        List<FluxRecord> points = bucket.awaitCorrelationPoints(rows.size(), WAIT);
        assertThat(points).hasSize(rows.size());
        for (Row row : rows) {
            assertThat(points).as("correlations of %s", row)
                    .filteredOn(p -> p.getTime().equals(row.time()) && row.entityId().equals(p.getValueByKey("entity_id"))
                            && row.state().equals(p.getValueByKey("state")))
                    .hasSize(1);
        }
        assertThat(points.subList(8, 10)).extracting(p -> p.getValueByKey("entity_id"), p -> p.getValueByKey("previous_state"),
                p -> p.getValueByKey("state"), p -> p.getValueByKey("power_before_w"), p -> p.getValueByKey("power_after_w"))
                .containsExactly(tuple("light.lamp", "off", "on", 150.0, 210.0), tuple("light.lamp", "on", "off", 210.0, 150.0));
        // A second look a few cycles later: nothing was written twice.
        Thread.sleep(5_000);
        assertThat(bucket.correlationPoints()).hasSize(rows.size());
    }

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }

    private static void assertSensor(JsonNode state, String name, String deviceClass, String stateClass, String unit) {
        JsonNode attributes = state.get("attributes");
        assertThat(attributes.get("friendly_name").asText()).isEqualTo(name);
        assertThat(attributes.get("device_class").asText()).isEqualTo(deviceClass);
        assertThat(attributes.get("state_class").asText()).isEqualTo(stateClass);
        assertThat(attributes.get("unit_of_measurement").asText()).isEqualTo(unit);
    }

    /** The kettle's energy by Home Assistant's rows: its time on × 1,200 W, in Wh. */
    private static double wattHoursOn(List<Row> rows) {
        double seconds = 0;
        Instant on = null;
        for (Row row : rows) {
            if (!row.entityId().equals("switch.kettle")) {
                continue;
            }
            if (row.state().equals("on")) {
                on = row.time();
            } else if (on != null) {
                seconds += Duration.between(on, row.time()).toNanos() / 1e9;
                on = null;
            }
        }
        return seconds * KETTLE_W / 3600;
    }

    /** Calls the service and waits out the spacing, so that no two switchings overlap. */
    private void switchAndWait(String domain, String service, String entityId) throws Exception {
        ha.call(domain, service, entityId);
        Thread.sleep(SPACING.toMillis());
    }
}
