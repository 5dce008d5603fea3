package io.energycorrelator.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.influxdb.query.FluxRecord;
import io.energycorrelator.support.Household;
import io.energycorrelator.support.InfluxDbExtension;
import io.energycorrelator.support.RunningService;
import io.energycorrelator.support.PackagedService;
import io.energycorrelator.support.TestBucket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service's process is killed (SIGKILL: no shutdown, nothing flushed) in the middle of a live cycle, and
 * in the middle of a backfill, then started again (and the backfill posted again). What it writes is exactly
 * what a run of the same data without the kill writes.
 */
@ExtendWith(InfluxDbExtension.class)
class ServiceKillIT {

    private static final int LIVE_EVENTS = 40_000;
    private static final int HISTORY_EVENTS = 2_000;

    /** One cycle takes every state change: long enough (seconds) to be killed in the middle of its writes. */
    private static Map<String, String> liveSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("LOOKBACK_MINUTES", "120");
        settings.put("MAX_EVENTS_PER_CYCLE", "100000");
        settings.put("PROCESSING_INTERVAL", "1");
        settings.put("FIRST_CYCLE_DELAY", "0");
        settings.put("MAX_READING_GAP_SECONDS", "2");
        settings.put("LATE_DATA_GRACE_SECONDS", "0");
        return settings;
    }

    @Test
    void killedInTheMiddleOfALiveCycleThenStartedAgainWritesWhatAFaultFreeRunWrites(TestBucket faulted, TestBucket reference)
            throws Exception {
        Instant first = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(105));
        List<String> lines = Household.switches("live", first, LIVE_EVENTS, Duration.ofMillis(150));
        faulted.writeAll(lines);
        reference.writeAll(lines);

        long pointsAtKill;
        Map<String, String> environment = environment(faulted, liveSettings());
        try (PackagedService service = PackagedService.start(environment)) {
            pointsAtKill = awaitFirstPoints(faulted);
            service.kill();
        }
        System.out.printf("SIGKILL with %d of the live cycle's correlations written%n", pointsAtKill);
        assertThat(watermarkPoints(faulted)).as("killed before the cycle stored its watermark").isZero();

        try (PackagedService again = PackagedService.start(environment)) {
            again.api().await("/statistics", s -> s.get("total_events_processed").asLong() >= LIVE_EVENTS, 120);
            assertThat(again.api().get("/statistics").json().get("total_events_processed").asLong()).isEqualTo(LIVE_EVENTS);
        }
        try (RunningService fine = RunningService.start(inProcess(reference, liveSettings()))) {
            fine.api().await("/statistics", s -> s.get("total_events_processed").asLong() >= LIVE_EVENTS, 120);
        }
        List<String> expected = reference.correlationLines();
        assertThat(pointsAtKill).isBetween(1L, (long) expected.size() - 1);
        assertThat(faulted.correlationLines()).hasSize(expected.size()).doesNotHaveDuplicates().isEqualTo(expected);
    }

    /** With the {@code nearest} rule, and with the device profiles (state changes 40 s apart: each is learned). */
    @ParameterizedTest
    @ValueSource(strings = {"nearest", "profile"})
    void killedInTheMiddleOfABackfillThenStartedAndPostedAgainWritesWhatAFaultFreeBackfillWrites(String estimator,
            TestBucket faulted, TestBucket reference) throws Exception {
        Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(3));
        List<String> lines = Household.switches("history", day.plusSeconds(30), HISTORY_EVENTS, Duration.ofSeconds(40));
        faulted.writeAll(lines);
        reference.writeAll(lines);
        String range = "{\"start\":\"" + day + "\",\"end\":\"" + day.plus(Duration.ofDays(1)) + "\"}";
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("FIRST_CYCLE_DELAY", "3600"); // only the backfill writes
        settings.put("MAX_CYCLE_SPAN_MINUTES", "20"); // 72 chunks
        settings.put("MAX_READING_GAP_SECONDS", "2");
        settings.put("CORRELATOR_ESTIMATOR", estimator);

        double percentAtKill;
        long pointsAtKill;
        Map<String, String> environment = environment(faulted, settings);
        try (PackagedService service = PackagedService.start(environment)) {
            assertThat(service.api().postJson("/backfill", range).status()).isEqualTo(202);
            JsonNode running = service.api().await("/backfill", b -> b.get("percent_done").asDouble() >= 20, 60);
            service.kill();
            percentAtKill = running.get("percent_done").asDouble();
            pointsAtKill = correlationPoints(faulted);
        }
        System.out.printf("SIGKILL %.1f %% into the backfill, %d correlations written%n", percentAtKill, pointsAtKill);
        assertThat(percentAtKill).isLessThan(100.0);

        JsonNode done;
        try (PackagedService again = PackagedService.start(environment)) {
            assertThat(again.api().postJson("/backfill", range).status()).isEqualTo(202);
            done = again.api().await("/backfill", b -> !"running".equals(b.get("status").asText()), 120);
        }
        JsonNode expectedStatus;
        try (RunningService fine = RunningService.start(inProcess(reference, settings))) {
            assertThat(fine.api().postJson("/backfill", range).status()).isEqualTo(202);
            expectedStatus = fine.api().await("/backfill", b -> !"running".equals(b.get("status").asText()), 120);
        }
        assertThat(done.get("status").asText()).isEqualTo("completed");
        for (String field : List.of("events_processed", "correlations_found", "correlations_written", "below_threshold", "skipped")) {
            assertThat(done.get(field)).as(field).isEqualTo(expectedStatus.get(field));
        }
        List<String> expected = reference.correlationLines();
        assertThat(expected).hasSize(Household.written(HISTORY_EVENTS));
        assertThat(pointsAtKill).isLessThan(expected.size());
        assertThat(faulted.correlationLines()).hasSize(expected.size()).doesNotHaveDuplicates().isEqualTo(expected);
        // the device profiles as a restart reads them: the same steps, whatever the kill interrupted
        assertThat(profileLines(reference)).hasSize(40);
        assertThat(profileLines(faulted)).isEqualTo(profileLines(reference));
    }

    private static List<String> profileLines(TestBucket bucket) {
        return bucket.query("""
                from(bucket: BUCKET) |> range(start: -400d)
                  |> filter(fn: (r) => r._measurement == "device_power_profile" and r._field == "recent_steps")
                  |> last() |> group() |> sort(columns: ["entity_id", "transition"])""").stream()
                .map(r -> r.getValueByKey("entity_id") + " " + r.getValueByKey("transition") + " " + r.getValue()).toList();
    }

    private static Map<String, String> environment(TestBucket bucket, Map<String, String> settings) {
        Map<String, String> environment = PackagedService.environmentFor(bucket);
        environment.putAll(settings);
        return environment;
    }

    /** The same settings for a service in this JVM, by key (the reference run). */
    private static Map<String, String> inProcess(TestBucket bucket, Map<String, String> environment) {
        Map<String, String> byVariable = Map.of("LOOKBACK_MINUTES", "correlator.lookback-minutes",
                "MAX_EVENTS_PER_CYCLE", "correlator.max-events-per-cycle",
                "PROCESSING_INTERVAL", "correlator.processing-interval-seconds",
                "FIRST_CYCLE_DELAY", "correlator.first-cycle-delay-seconds",
                "MAX_READING_GAP_SECONDS", "correlator.max-reading-gap-seconds",
                "LATE_DATA_GRACE_SECONDS", "correlator.late-data-grace-seconds",
                "MAX_CYCLE_SPAN_MINUTES", "correlator.max-cycle-span-minutes", "CORRELATOR_ESTIMATOR", "correlator.estimator");
        Map<String, String> settings = RunningService.settingsFor(bucket, 0);
        environment.forEach((variable, value) -> settings.put(byVariable.get(variable), value));
        return settings;
    }

    /** Waits until the cycle has written its first batch of correlations; returns how many points there are. */
    private static long awaitFirstPoints(TestBucket bucket) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            long points = correlationPoints(bucket);
            if (points > 0) {
                return points;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no correlation was written within 120 s");
    }

    private static long correlationPoints(TestBucket bucket) {
        List<FluxRecord> count = bucket.query("""
                from(bucket: BUCKET) |> range(start: -400d)
                  |> filter(fn: (r) => r._measurement == "event_energy_correlation" and r._field == "power_delta_w")
                  |> group() |> count()""");
        return count.isEmpty() ? 0 : ((Number) count.get(0).getValue()).longValue();
    }

    private static long watermarkPoints(TestBucket bucket) {
        return bucket.query("""
                from(bucket: BUCKET) |> range(start: -400d)
                  |> filter(fn: (r) => r._measurement == "energy_correlator_watermark")""").size();
    }
}
