package io.energycorrelator.faults;

import com.fasterxml.jackson.databind.JsonNode;
import io.energycorrelator.support.ApiClient;
import io.energycorrelator.support.ControlledInfluxDb;
import io.energycorrelator.support.Household;
import io.energycorrelator.support.InfluxDbExtension;
import io.energycorrelator.support.RunningService;
import io.energycorrelator.support.TestBucket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * InfluxDB goes away (its process ends) or hangs (SIGSTOP) while the service runs, for longer than two
 * cycles, then comes back. The service says so on /health, redoes the failed cycles once InfluxDB is back,
 * and writes exactly what a run of the same data without the fault writes: same points, same timestamps,
 * same values, none missing, none twice; the statistics count each state change once.
 *
 * <p>Each test runs two services side by side on the same data: one on a server of the test's own (which
 * the test stops or pauses), one on the shared server (fault-free, the reference).
 */
@ExtendWith(InfluxDbExtension.class)
class InfluxDbOutageIT {

    private static final int BEFORE = 14;
    private static final int DURING = 3;
    private static final int AFTER = 3;

    /** A cycle a second; InfluxDB calls time out after 2 s; the health probe after 1 s, reused for 1 s. */
    private static Map<String, String> settings(TestBucket bucket) {
        return settings(bucket, "nearest");
    }

    private static Map<String, String> settings(TestBucket bucket, String estimator) {
        Map<String, String> settings = RunningService.settingsFor(bucket, 0);
        settings.putAll(Household.settings());
        settings.put("correlator.estimator", estimator);
        settings.put("correlator.lookback-minutes", "15");
        settings.put("correlator.processing-interval-seconds", "1");
        settings.put("correlator.influxdb.timeout-seconds", "2");
        settings.put("correlator.health.probe-timeout-seconds", "1");
        settings.put("correlator.health.cache-seconds", "1");
        return settings;
    }

    /**
     * With the {@code nearest} rule, and with the device profiles (state changes before the outage 35 s apart, so that
     * each is learned: none overlaps another within the rule's reach of 30 s).
     */
    @ParameterizedTest
    @CsvSource({"nearest, 15, 5", "profile, 35, 30"})
    void stoppedForMoreThanTwoCyclesThenBackWritesWhatAFaultFreeRunWrites(String estimator, int spacingSeconds, int reachSeconds,
            TestBucket reference) throws Exception {
        try (ControlledInfluxDb influx = ControlledInfluxDb.start(); TestBucket faulted = influx.createBucket("outage")) {
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            writeBoth(Household.switches("before", now.minusSeconds(spacingSeconds * BEFORE + 30L), BEFORE,
                    Duration.ofSeconds(spacingSeconds)), faulted, reference);
            try (RunningService service = RunningService.start(settings(faulted, estimator));
                    RunningService fine = RunningService.start(settings(reference, estimator))) {
                awaitEvents(service, BEFORE);
                awaitEvents(fine, BEFORE);
                // state changes that settle while InfluxDB is away (after-window complete 8 s + the rule's reach from now)
                Instant soon = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(2);
                writeBoth(Household.switches("during", soon, DURING, Duration.ofSeconds(3)), faulted, reference);

                influx.stop();
                long cyclesAtStop = service.cyclesSoFar();
                service.api().await("/health", h -> "unhealthy".equals(h.get("status").asText()), 15);
                ApiClient.Response down = service.get("/health");
                assertThat(down.status()).isEqualTo(503);
                assertThat(down.json().get("influxdb").asText()).isEqualTo("InfluxDB at " + faulted.url() + " is not reachable");
                while (service.cyclesSoFar() < cyclesAtStop + 3 || Instant.now().isBefore(soon.plusSeconds(9 + reachSeconds))) {
                    Thread.sleep(100);
                }
                assertThat(service.get("/statistics").json().get("errors").asLong()).isGreaterThanOrEqualTo(3);

                influx.restart();
                writeBoth(Household.switches("after", Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(10), AFTER,
                        Duration.ofSeconds(3)), faulted, reference);
                service.api().await("/health", h -> "healthy".equals(h.get("status").asText()), 30);
                assertThat(service.get("/health").status()).isEqualTo(200);
                awaitEvents(service, BEFORE + DURING + AFTER);
                awaitEvents(fine, BEFORE + DURING + AFTER);

                assertSameCounts(service, fine);
            }
            assertSameOutput(faulted, reference, BEFORE, DURING, AFTER);
        }
    }

    @Test
    void hungForLongerThanItsTimeoutsHealthAnswersFastAndTheCyclesAreRedone(TestBucket reference) throws Exception {
        try (ControlledInfluxDb influx = ControlledInfluxDb.start(); TestBucket faulted = influx.createBucket("hang")) {
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            writeBoth(Household.switches("before", now.minusSeconds(240), BEFORE, Duration.ofSeconds(15)), faulted, reference);
            try (RunningService service = RunningService.start(settings(faulted));
                    RunningService fine = RunningService.start(settings(reference))) {
                awaitEvents(service, BEFORE);
                awaitEvents(fine, BEFORE);
                Instant soon = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(2);
                writeBoth(Household.switches("during", soon, DURING, Duration.ofSeconds(3)), faulted, reference);

                influx.pause();
                List<Long> millis = new ArrayList<>();
                List<JsonNode> answers = new ArrayList<>();
                List<Integer> statuses = new ArrayList<>();
                long hangEnds = System.nanoTime() + TimeUnit.SECONDS.toNanos(16); // the 'during' ones settle meanwhile
                while (System.nanoTime() < hangEnds) {
                    long t0 = System.nanoTime();
                    ApiClient.Response health = service.get("/health");
                    millis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
                    statuses.add(health.status());
                    answers.add(health.json());
                    Thread.sleep(200);
                }
                influx.resume();
                System.out.printf("/health during a %d s hang: %d answers, slowest %d ms%n", 16, millis.size(),
                        millis.stream().mapToLong(Long::longValue).max().orElseThrow());

                assertThat(millis).allSatisfy(ms -> assertThat(ms).isLessThan(2000));
                int first503 = statuses.indexOf(503);
                assertThat(first503).as("503 within the first 5 s of the hang").isBetween(0, 25);
                assertThat(statuses.subList(first503, statuses.size())).containsOnly(503);
                assertThat(answers.subList(first503, answers.size())).allSatisfy(h -> {
                    assertThat(h.get("status").asText()).isEqualTo("unhealthy");
                    assertThat(h.get("influxdb").asText()).isEqualTo("InfluxDB at " + faulted.url() + " did not answer within 1 s");
                });
                // the cycles failed for want of an answer (the client's read timeout, or the query's own)
                assertThat(answers).anySatisfy(h -> assertThat(h.get("last_error").asText()).matches("(?is).*(timeout|timed out).*"));

                writeBoth(Household.switches("after", Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(10), AFTER,
                        Duration.ofSeconds(3)), faulted, reference);
                service.api().await("/health", h -> "healthy".equals(h.get("status").asText()), 30);
                awaitEvents(service, BEFORE + DURING + AFTER);
                awaitEvents(fine, BEFORE + DURING + AFTER);
                assertThat(service.get("/statistics").json().get("errors").asLong()).isGreaterThanOrEqualTo(1);
                assertSameCounts(service, fine);
            }
            assertSameOutput(faulted, reference, BEFORE, DURING, AFTER);
        }
    }

    private static void writeBoth(List<String> lines, TestBucket a, TestBucket b) {
        a.writeAll(lines);
        b.writeAll(lines);
    }

    static void awaitEvents(RunningService service, long events) throws Exception {
        service.api().await("/statistics", s -> s.get("total_events_processed").asLong() >= events, 60);
    }

    /** Each state change counted once: processed, written, dropped below the threshold, skipped by reason. */
    static void assertSameCounts(RunningService service, RunningService reference) throws Exception {
        JsonNode stats = service.get("/statistics").json();
        JsonNode expected = reference.get("/statistics").json();
        for (String field : List.of("total_events_processed", "correlations_found", "correlations_written", "below_threshold",
                "skipped")) {
            assertThat(stats.get(field)).as(field).isEqualTo(expected.get(field));
        }
    }

    /** Point by point: same series, timestamps and field values; as many as the data holds steps above 10 W. */
    static void assertSameOutput(TestBucket faulted, TestBucket reference, int... counts) {
        int expected = 0;
        for (int count : counts) {
            expected += Household.written(count);
        }
        List<String> output = faulted.correlationLines();
        assertThat(reference.correlationLines()).hasSize(expected);
        assertThat(output).hasSize(expected).doesNotHaveDuplicates().isEqualTo(reference.correlationLines());
    }
}
