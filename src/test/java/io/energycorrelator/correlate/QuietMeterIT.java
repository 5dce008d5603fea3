package io.energycorrelator.correlate;

import com.fasterxml.jackson.databind.JsonNode;
import com.influxdb.query.FluxRecord;
import io.energycorrelator.support.InfluxDbExtension;
import io.energycorrelator.support.RunningService;
import io.energycorrelator.support.TestBucket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static io.energycorrelator.correlate.HomeAssistantSchemaIT.haPower;
import static io.energycorrelator.correlate.HomeAssistantSchemaIT.haState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A meter that writes only when its value changes, as Home Assistant's InfluxDB integration writes a sensor:
 * silent for minutes while the load is steady. Its last reading holds (up to the max silence), so a lamp
 * switched during a silence is read from the held value, not skipped as {@code no_meter_data}.
 */
@ExtendWith(InfluxDbExtension.class)
class QuietMeterIT {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    /** After 10 minutes of a silent meter at 200 W: the meter writes 260 W 2 s later. */
    private static final Instant LAMP_ON = NOW.minusSeconds(600);
    /** A USB fan the meter does not see: nothing written, 200 s after the last reading and 201 s before the next. */
    private static final Instant FAN_ON = NOW.minusSeconds(400);
    /** After 400 s of silence at 260 W: the meter writes 200 W 1 s later. */
    private static final Instant LAMP_OFF = NOW.minusSeconds(200);
    /** The meter shows the TV's +120 W 3 s before Home Assistant's timestamp, then is silent for 130 s. */
    private static final Instant TV_ON = NOW.minusSeconds(150);

    /** The house as Home Assistant writes it: each state once, the meter only when its value changes. */
    private static void writeHouse(TestBucket bucket) {
        bucket.write(
                haState(NOW.minusSeconds(4000), "light", "lamp", "off", 0, "Lamp"),
                haState(NOW.minusSeconds(4000), "switch", "usb_fan", "off", 0, "USB fan"),
                haState(NOW.minusSeconds(4000), "switch", "tv", "off", 0, "TV"),
                haPower(NOW.minusSeconds(1200), "W", "grid_power", 200),
                haState(LAMP_ON, "light", "lamp", "on", 1, "Lamp"),
                haPower(LAMP_ON.plusSeconds(2), "W", "grid_power", 260),
                haState(FAN_ON, "switch", "usb_fan", "on", 1, "USB fan"),
                haState(LAMP_OFF, "light", "lamp", "off", 0, "Lamp"),
                haPower(LAMP_OFF.plusSeconds(1), "W", "grid_power", 200),
                haPower(TV_ON.minusSeconds(8), "W", "grid_power", 201),
                haPower(TV_ON.minusSeconds(3), "W", "grid_power", 321),
                haState(TV_ON, "switch", "tv", "on", 1, "TV"),
                haPower(NOW.minusSeconds(20), "W", "grid_power", 322));
    }

    private static JsonNode oneCycle(TestBucket bucket, String estimator, String maxSilenceSeconds) throws Exception {
        writeHouse(bucket);
        return run(bucket, estimator, maxSilenceSeconds);
    }

    private static JsonNode run(TestBucket bucket, String estimator, String maxSilenceSeconds) throws Exception {
        Map<String, String> settings = RunningService.settingsFor(bucket, 0);
        settings.put("correlator.schema", "home-assistant");
        settings.put("correlator.meter.entity-id", "sensor.grid_power");
        settings.put("correlator.lookback-minutes", "30");
        settings.put("correlator.estimator", estimator);
        if (maxSilenceSeconds != null) {
            settings.put("correlator.meter.max-silence-seconds", maxSilenceSeconds);
        }
        try (RunningService service = RunningService.start(settings)) {
            service.awaitCycles(1);
            return service.get("/statistics").json();
        }
    }

    /** time entity before after delta confidence, one line a point. */
    private static List<String> written(TestBucket bucket) {
        return bucket.correlationPoints().stream().map(r -> r.getTime() + " " + r.getValueByKey("entity_id") + " "
                + r.getValueByKey("power_before_w") + " " + r.getValueByKey("power_after_w") + " " + r.getValueByKey("power_delta_w")
                + " " + r.getValueByKey("confidence")).toList();
    }

    /** The TV's step read from readings in its windows: confidence by the noise of 200, 201 and 321 W before it. */
    /** A clean 60 W step with a held side: its confidence. */
    private static final double HELD_60_W = Confidence.calibrated(1, 0, true, 60);

    private static double tvConfidence() {
        double mean = (200 + 201 + 321) / 3.0;
        double sigma = Math.sqrt((Math.pow(200 - mean, 2) + Math.pow(201 - mean, 2) + Math.pow(321 - mean, 2)) / 3);
        return Confidence.calibrated(120 / (120 + 2 * sigma), 0, false, 120);
    }

    @Test
    void theDefaultEstimatorReadsTheLampFromHeldReadingsAndTheTvFromTheReadingsBeforeItsSilence(TestBucket bucket) throws Exception {
        JsonNode stats = oneCycle(bucket, "profile", null);

        List<FluxRecord> points = bucket.correlationPoints();
        assertThat(points).hasSize(3);
        assertThat(written(bucket)).containsExactly(
                LAMP_ON + " light.lamp 200.0 260.0 60.0 " + HELD_60_W,       // held 200 W (10 minutes old), a held side lowers the confidence
                LAMP_OFF + " light.lamp 260.0 200.0 -60.0 " + HELD_60_W,     // held 260 W (398 s old)
                TV_ON + " switch.tv 201.0 321.0 120.0 " + points.get(2).getValueByKey("confidence"));
        assertThat((Double) points.get(2).getValueByKey("confidence")).isEqualTo(tvConfidence());
        assertThat(points).extracting(r -> r.getValueByKey("estimate_source")).containsOnly("meter");
        assertThat(stats.get("total_events_processed").asLong()).isEqualTo(4);
        assertThat(stats.get("correlations_written").asLong()).isEqualTo(3);
        assertThat(stats.get("below_threshold").asLong()).isEqualTo(1); // the fan: 260 W held on both sides
        assertThat(stats.get("skipped").toString()).isEqualTo("{}");
        // watermark, device profiles, the too-late audit, the state changes with their earlier states and the meter window (one
        // request), and the held readings at its two silent edges (the last before the lamp's first reach, the first after the TV's)
        assertThat(stats.get("flux_queries_total").asLong()).isEqualTo(5);
        assertThat(stats.get("config").get("meter_max_silence_seconds").asLong()).isEqualTo(900);
    }

    @Test
    void theOriginalRuleReadsTheHeldReadingsOnEachSide(TestBucket bucket) throws Exception {
        JsonNode stats = oneCycle(bucket, "nearest", null);

        assertThat(written(bucket)).containsExactly(
                LAMP_ON + " light.lamp 200.0 260.0 60.0 " + HELD_60_W,
                LAMP_OFF + " light.lamp 260.0 200.0 -60.0 " + HELD_60_W);
        assertThat(stats.get("total_events_processed").asLong()).isEqualTo(4);
        assertThat(stats.get("correlations_written").asLong()).isEqualTo(2);
        // the fan (260 W held on both sides), and the TV: nearest reads 321 W on both sides of it
        assertThat(stats.get("below_threshold").asLong()).isEqualTo(2);
        assertThat(stats.get("skipped").toString()).isEqualTo("{}");
        assertThat(stats.get("flux_queries_total").asLong()).isEqualTo(5);
    }

    @Test
    void withNoMaxSilenceASilentWindowIsNoMeterDataAndNoQueryIsAdded(TestBucket bucket) throws Exception {
        JsonNode stats = oneCycle(bucket, "profile", "0");

        assertThat(bucket.correlationPoints()).isEmpty();
        assertThat(stats.get("total_events_processed").asLong()).isEqualTo(4);
        assertThat(stats.get("skipped").toString()).isEqualTo("{\"no_meter_data\":4}");
        assertThat(stats.get("flux_queries_total").asLong()).isEqualTo(4);
    }

    @Test
    void aReadingHeldLongerThanTheMaxSilenceDoesNotHold(TestBucket bucket) throws Exception {
        // 600 s of silence before the lamp, 398 s before its switching off: a max silence of 500 s holds only the second
        JsonNode stats = oneCycle(bucket, "nearest", "500");

        assertThat(written(bucket)).containsExactly(LAMP_OFF + " light.lamp 260.0 200.0 -60.0 " + HELD_60_W);
        assertThat(stats.get("skipped").toString()).isEqualTo("{\"no_meter_data\":1}");
        assertThat(stats.get("below_threshold").asLong()).isEqualTo(2);
    }

    @Test
    void aHeldReadingThatCannotBeUsedHoldsNothingAndIsNotCounted(TestBucket bucket) throws Exception {
        writeHouse(bucket);
        // the last reading before the lamp's reach is implausible: it is the one that would hold, so nothing holds (no
        // earlier one is looked for); it lies beyond every state change's reach, where readings are not counted
        bucket.write(haPower(NOW.minusSeconds(700), "W", "grid_power", 1e9));
        JsonNode stats = run(bucket, "nearest", null);

        assertThat(written(bucket)).containsExactly(LAMP_OFF + " light.lamp 260.0 200.0 -60.0 " + HELD_60_W);
        assertThat(stats.get("skipped").toString()).isEqualTo("{\"no_meter_data\":1}");
        assertThat(stats.get("below_threshold").asLong()).isEqualTo(2);
    }
}
