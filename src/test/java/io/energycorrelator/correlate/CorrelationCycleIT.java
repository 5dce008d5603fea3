package io.energycorrelator.correlate;

import com.fasterxml.jackson.databind.JsonNode;
import com.influxdb.query.FluxRecord;
import io.energycorrelator.support.InfluxDbExtension;
import io.energycorrelator.support.RunningService;
import io.energycorrelator.support.TestBucket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static io.energycorrelator.support.LineProtocol.event;
import static io.energycorrelator.support.LineProtocol.meter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * One cycle of the real service against a real InfluxDB: Home Assistant state changes and smart-meter
 * readings in, exactly the expected event_energy_correlation points out.
 */
@ExtendWith(InfluxDbExtension.class)
class CorrelationCycleIT {

    // Set when the data is written, not when the class loads: the InfluxDB 1.8 subclass may load it minutes earlier.
    /** The lamp example: 2450 W before, 2510 W after. */
    private static Instant LAMP_ON;
    /** A 5 W step: below the 10 W threshold. */
    private static Instant HALL_LIGHT_ON;
    /** No meter reading within 30 s of it. */
    private static Instant ATTIC_FAN_ON;

    private static RunningService service;
    private static TestBucket bucket;

    @BeforeAll
    static void runOneCycle(TestBucket testBucket) throws Exception {
        bucket = testBucket;
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        LAMP_ON = now.minusSeconds(120);
        HALL_LIGHT_ON = now.minusSeconds(60);
        ATTIC_FAN_ON = now.minusSeconds(240);
        bucket.write(
                meter(LAMP_ON.minusSeconds(15), 2440), meter(LAMP_ON.minusSeconds(5), 2450),
                meter(LAMP_ON.plusSeconds(5), 2510), meter(LAMP_ON.plusSeconds(15), 2505),
                meter(HALL_LIGHT_ON.minusSeconds(5), 2500), meter(HALL_LIGHT_ON.plusSeconds(5), 2505),
                event(LAMP_ON, "switch.living_room_lamp", "switch", "on", "off"),
                event(HALL_LIGHT_ON, "light.hall", "light", "on", "off"),
                event(ATTIC_FAN_ON, "fan.attic", "fan", "on", "off"),
                // not a tracked domain: never looked at
                event(LAMP_ON, "sensor.outdoor_temperature", "sensor", "12.5", "12.4"));
        service = RunningService.start(RunningService.settingsFor(bucket, 1));
        service.awaitCycles(1);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void writesExactlyOneCorrelationWithTheLampExampleValues() {
        List<FluxRecord> points = bucket.correlationPoints();

        assertThat(points).hasSize(1);
        FluxRecord point = points.get(0);
        assertThat(point.getTime()).isEqualTo(LAMP_ON);
        assertThat(point.getValueByKey("entity_id")).isEqualTo("switch.living_room_lamp");
        assertThat(point.getValueByKey("domain")).isEqualTo("switch");
        assertThat(point.getValueByKey("state")).isEqualTo("on");
        assertThat(point.getValueByKey("previous_state")).isEqualTo("off");
        assertThat(point.getValueByKey("power_before_w")).isEqualTo(2450.0);
        assertThat(point.getValueByKey("power_after_w")).isEqualTo(2510.0);
        assertThat(point.getValueByKey("power_delta_w")).isEqualTo(60.0);
        assertThat((Double) point.getValueByKey("power_delta_pct")).isCloseTo(60.0 / 2450.0 * 100.0, within(1e-9));
    }

    @Test
    void statisticsCountTheCycleExactly() throws Exception {
        JsonNode stats = service.get("/statistics").json();

        assertThat(stats.get("total_events_processed").asLong()).isEqualTo(3);
        assertThat(stats.get("correlations_found").asLong()).isEqualTo(1);
        assertThat(stats.get("correlations_written").asLong()).isEqualTo(1);
        assertThat(stats.get("correlation_rate_pct").asDouble()).isEqualTo(33.33);
        assertThat(stats.get("write_success_rate_pct").asDouble()).isEqualTo(100.0);
        assertThat(stats.get("errors").asLong()).isZero();
        assertThat(stats.get("skipped").toString()).isEqualTo("{\"no_meter_data\":1}");
        // the stored watermark and device profiles (each read once at start), the too-late audit (on the first cycle,
        // then every 5th), the state changes with their neighbours just outside the cycle (for overlaps) and the meter
        // window in one request: whatever the number of events; and, the first state change (the attic fan) having no
        // reading before it, the reading that may hold there
        assertThat(stats.get("flux_queries_total").asLong()).isEqualTo(5);
        // one write: the correlations, the profiles they changed and the watermark
        assertThat(stats.get("influx_writes_total").asLong()).isEqualTo(1);
        assertThat(stats.get("backlog_events").asLong()).isZero();
        assertThat(stats.get("config").get("correlation_window_seconds").asLong()).isEqualTo(10);
        assertThat(stats.get("config").get("min_power_delta_w").asDouble()).isEqualTo(10.0);
    }
}
