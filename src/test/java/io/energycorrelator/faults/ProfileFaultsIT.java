package io.energycorrelator.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.influxdb.query.FluxRecord;
import io.energycorrelator.support.Household;
import io.energycorrelator.support.InfluxDbExtension;
import io.energycorrelator.support.PackagedService;
import io.energycorrelator.support.RunningService;
import io.energycorrelator.support.TestBucket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault guarantees with the rules that read the meter with more than one window (the default, aligned) and
 * with the device profiles (profile), on data where profiles do learn: switchings 40 s apart, so none overlaps
 * another, each device switched hundreds of times. Cut cycles, and a kill in the middle of a cycle, write what
 * one fault-free cycle writes, correlations and stored profiles alike, point by point.
 */
@ExtendWith(InfluxDbExtension.class)
class ProfileFaultsIT {

    private static final Duration SPACING = Duration.ofSeconds(40);

    private static Map<String, String> settings(TestBucket bucket, String estimator, int perCycle) {
        Map<String, String> settings = RunningService.settingsFor(bucket, 0);
        settings.putAll(Household.settings());
        settings.put("correlator.estimator", estimator);
        settings.put("correlator.processing-interval-seconds", "1");
        settings.put("correlator.lookback-minutes", "10080");
        settings.put("correlator.max-cycle-span-minutes", "10080");
        settings.put("correlator.max-events-per-cycle", Integer.toString(perCycle));
        return settings;
    }

    /** The stored device profiles as a restart reads them (the newest point of each), one line each. */
    private static List<String> profileLines(TestBucket bucket) {
        return bucket.query("""
                from(bucket: BUCKET) |> range(start: -400d)
                  |> filter(fn: (r) => r._measurement == "device_power_profile" and r._field == "recent_steps")
                  |> last() |> group() |> sort(columns: ["entity_id", "transition"])""").stream()
                .map(r -> r.getValueByKey("entity_id") + " " + r.getValueByKey("transition") + " " + r.getValue()).toList();
    }

    private static long guidedByProfiles(TestBucket bucket) {
        List<FluxRecord> count = bucket.query("""
                from(bucket: BUCKET) |> range(start: -400d)
                  |> filter(fn: (r) => r._measurement == "event_energy_correlation" and r._field == "estimate_source")
                  |> filter(fn: (r) => r._value == "profile") |> group() |> count()""");
        return count.isEmpty() ? 0 : ((Number) count.get(0).getValue()).longValue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"aligned", "profile"})
    void cyclesCutAnywhereWriteWhatOneCycleWrites(String estimator, TestBucket cut, TestBucket whole) throws Exception {
        int events = 2_000;
        Instant first = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(SPACING.multipliedBy(events)).minusSeconds(120);
        List<String> lines = Household.switches("cut", first, events, SPACING);
        cut.writeAll(lines);
        whole.writeAll(lines);

        try (RunningService service = RunningService.start(settings(cut, estimator, 150))) {
            service.api().await("/statistics", s -> s.get("total_events_processed").asLong() >= events, 120);
            service.awaitCycles(service.cyclesSoFar() + 1);
        }
        try (RunningService once = RunningService.start(settings(whole, estimator, 100_000))) {
            once.api().await("/statistics", s -> s.get("total_events_processed").asLong() >= events, 120);
            once.awaitCycles(once.cyclesSoFar() + 1);
        }

        List<String> expected = whole.correlationLines();
        assertThat(expected).hasSize(Household.written(events));
        assertThat(cut.correlationLines()).isEqualTo(expected);
        assertThat(profileLines(whole)).hasSize(40);
        assertThat(profileLines(cut)).isEqualTo(profileLines(whole));
        if (estimator.equals("profile")) {
            assertThat(guidedByProfiles(cut)).isGreaterThan(events / 2).isEqualTo(guidedByProfiles(whole));
        }
    }

    @Test
    void profileKilledInTheMiddleOfACycleThenStartedAgainWritesWhatAFaultFreeRunWrites(TestBucket faulted, TestBucket reference)
            throws Exception {
        int events = 12_000; // 5.6 days, 40 s apart, in one cycle
        Instant first = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(SPACING.multipliedBy(events)).minusSeconds(120);
        List<String> lines = Household.switches("live", first, events, SPACING);
        faulted.writeAll(lines);
        reference.writeAll(lines);
        Map<String, String> environment = PackagedService.environmentFor(faulted);
        environment.putAll(Map.of("CORRELATOR_ESTIMATOR", "profile", "LOOKBACK_MINUTES", "10080", "MAX_EVENTS_PER_CYCLE", "100000",
                "MAX_CYCLE_SPAN_MINUTES", "10080", "PROCESSING_INTERVAL", "1", "FIRST_CYCLE_DELAY", "0",
                "MAX_READING_GAP_SECONDS", "2", "LATE_DATA_GRACE_SECONDS", "0"));

        long pointsAtKill;
        try (PackagedService service = PackagedService.start(environment)) {
            pointsAtKill = awaitFirstPoints(faulted);
            service.kill();
        }
        assertThat(profileLines(faulted)).as("profiles are stored with the watermark, not before").isEmpty();
        try (PackagedService again = PackagedService.start(environment)) {
            JsonNode stats = again.api().await("/statistics", s -> s.get("total_events_processed").asLong() >= events, 180);
            assertThat(stats.get("total_events_processed").asLong()).isEqualTo(events);
        }
        try (RunningService fine = RunningService.start(settings(reference, "profile", 100_000))) {
            fine.api().await("/statistics", s -> s.get("total_events_processed").asLong() >= events, 180);
            fine.awaitCycles(fine.cyclesSoFar() + 1);
        }
        List<String> expected = reference.correlationLines();
        assertThat(pointsAtKill).isBetween(1L, (long) expected.size() - 1);
        assertThat(faulted.correlationLines()).hasSize(expected.size()).isEqualTo(expected);
        assertThat(profileLines(faulted)).hasSize(40).isEqualTo(profileLines(reference));
        assertThat(guidedByProfiles(faulted)).isGreaterThan(events / 2).isEqualTo(guidedByProfiles(reference));
    }

    private static long awaitFirstPoints(TestBucket bucket) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            List<FluxRecord> count = bucket.query("""
                    from(bucket: BUCKET) |> range(start: -400d)
                      |> filter(fn: (r) => r._measurement == "event_energy_correlation" and r._field == "power_delta_w")
                      |> group() |> count()""");
            long points = count.isEmpty() ? 0 : ((Number) count.get(0).getValue()).longValue();
            if (points > 0) {
                return points;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no correlation was written within 120 s");
    }
}
