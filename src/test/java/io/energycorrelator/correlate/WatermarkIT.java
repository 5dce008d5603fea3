package io.energycorrelator.correlate;

import com.fasterxml.jackson.databind.JsonNode;
import com.influxdb.query.FluxRecord;
import io.energycorrelator.support.InfluxDbExtension;
import io.energycorrelator.support.RunningService;
import io.energycorrelator.support.TestBucket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static io.energycorrelator.support.LineProtocol.nanos;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The watermark is one point (overwritten each cycle, older ones deleted), not one more point per cycle; a
 * restart resumes from it; the points an earlier version wrote are read once, then deleted; and it is written
 * inside the shortest retention InfluxDB allows.
 */
@ExtendWith(InfluxDbExtension.class)
class WatermarkIT {

    private static List<FluxRecord> watermarkPoints(TestBucket bucket) {
        return bucket.query("""
                from(bucket: BUCKET) |> range(start: 0)
                  |> filter(fn: (r) => r._measurement == "energy_correlator_watermark") |> group() |> sort(columns: ["_time"])""");
    }

    private static Map<String, String> everySecond(TestBucket bucket) {
        Map<String, String> settings = RunningService.settingsFor(bucket, 0);
        settings.put("correlator.processing-interval-seconds", "1");
        settings.put("correlator.late-data-grace-seconds", "0");
        return settings;
    }

    /** Stops the cycles (so that the watermark stays put), then returns /statistics. */
    private static JsonNode statisticsOnceStopped(RunningService service) throws Exception {
        service.context().getRouteController().stopRoute("correlate");
        return service.get("/statistics").json();
    }

    /** The one point: at the start of the current hour, holding the watermark /statistics shows. */
    private static void assertOnePointHolding(TestBucket bucket, JsonNode stats) {
        List<FluxRecord> points = watermarkPoints(bucket);
        Instant watermark = OffsetDateTime.parse(stats.get("watermark").asText()).toInstant();
        assertThat(points).hasSize(1);
        assertThat(points.get(0).getTime()).isEqualTo(Instant.now().truncatedTo(ChronoUnit.HOURS));
        assertThat(points.get(0).getValue()).isEqualTo(nanos(watermark));
    }

    @Test
    void manyCyclesLeaveOnePointAndARestartResumesFromIt(TestBucket bucket) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        bucket.write(ExactlyOnceIT.lamp(now.minusSeconds(100), "switch.first"));
        Instant watermark;
        try (RunningService service = RunningService.start(everySecond(bucket))) {
            service.awaitCycles(8);
            JsonNode stats = statisticsOnceStopped(service);
            assertThat(stats.get("total_events_processed").asLong()).isEqualTo(1);
            assertOnePointHolding(bucket, stats);
            watermark = Instant.ofEpochSecond(0, (Long) watermarkPoints(bucket).get(0).getValue());
        }
        // a state change just after the stored watermark, settled (after-window complete) before the restart
        Instant later = watermark.plusSeconds(1);
        bucket.write(ExactlyOnceIT.lamp(later, "switch.second"));
        Thread.sleep(Math.max(0, later.plusSeconds(7).toEpochMilli() - System.currentTimeMillis()));
        try (RunningService again = RunningService.start(everySecond(bucket))) {
            again.awaitCycles(3);
            JsonNode stats = statisticsOnceStopped(again);
            assertThat(stats.get("total_events_processed").asLong()).as("only the state change after the watermark").isEqualTo(1);
            assertOnePointHolding(bucket, stats);
        }
        assertThat(ExactlyOnceIT.correlations(bucket)).extracting(r -> r.getValueByKey("entity_id"))
                .containsExactly("switch.first", "switch.second");
    }

    @Test
    void thePointsOfAnEarlierVersionAreReadOnceThenDeleted(TestBucket bucket) throws Exception {
        // an earlier version wrote one point per cycle, each at the time it was written
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        Instant stored = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(180);
        bucket.write(
                "energy_correlator_watermark settled_until_ns=" + nanos(stored.minusSeconds(600)) + "i " + nanos(hour.minusSeconds(3 * 3600)),
                "energy_correlator_watermark settled_until_ns=" + nanos(stored.minusSeconds(300)) + "i " + nanos(hour.minusSeconds(2 * 3600)),
                "energy_correlator_watermark settled_until_ns=" + nanos(stored) + "i " + nanos(hour.minusSeconds(60)));
        // settled before, and older than the late-data window before the stored watermark (10 min)
        bucket.write(ExactlyOnceIT.lamp(stored.minusSeconds(900), "switch.settled_before"));
        bucket.write(ExactlyOnceIT.lamp(stored.plusSeconds(60), "switch.after_the_stored_watermark"));

        try (RunningService service = RunningService.start(everySecond(bucket))) {
            service.awaitCycles(2);
            JsonNode stats = statisticsOnceStopped(service);

            assertThat(stats.get("total_events_processed").asLong()).isEqualTo(1);
            assertOnePointHolding(bucket, stats);
        }
        assertThat(ExactlyOnceIT.correlations(bucket)).extracting(r -> r.getValueByKey("entity_id"))
                .containsExactly("switch.after_the_stored_watermark");
    }

    /** A bucket that keeps one hour, the least InfluxDB allows: the watermark is written and read back. */
    @Test
    void theWatermarkFitsTheShortestRetention(TestBucket any) throws Exception {
        TestBucket bucket = any.sibling("-1h", Duration.ofHours(1));
        try {
            try (RunningService service = RunningService.start(everySecond(bucket))) {
                service.awaitCycles(3);
                JsonNode stats = statisticsOnceStopped(service);
                assertThat(stats.get("errors").asLong()).isZero();
                assertOnePointHolding(bucket, stats);
            }
            try (RunningService again = RunningService.start(everySecond(bucket))) {
                again.awaitCycles(1);
                assertThat(again.get("/statistics").json().get("errors").asLong()).isZero();
            }
        } finally {
            bucket.delete();
        }
    }
}
