package io.energycorrelator.operations;

import com.fasterxml.jackson.databind.JsonNode;
import io.energycorrelator.support.InfluxDbExtension;
import io.energycorrelator.support.PrometheusScrape;
import io.energycorrelator.support.ApiClient;
import io.energycorrelator.support.RunningService;
import io.energycorrelator.support.TestBucket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.energycorrelator.support.LineProtocol.event;
import static io.energycorrelator.support.LineProtocol.meter;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * /observe/metrics as Prometheus scrapes it, on the API's port: the counters move by exactly what one cycle
 * did, the gauges say where the service stands, and the histograms count each cycle and InfluxDB request.
 */
@ExtendWith(InfluxDbExtension.class)
class MetricsIT {

    private static final String CYCLES = "energy_correlator_cycle_duration_seconds_count{outcome=\"success\"}";
    private static final String QUERIES = "energy_correlator_influxdb_request_duration_seconds_count{operation=\"query\",outcome=\"success\"}";
    private static final String WRITES = "energy_correlator_influxdb_request_duration_seconds_count{operation=\"write\",outcome=\"success\"}";

    private static final Instant T = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(600);

    /**
     * Two cycles' worth of state changes (a cycle takes at most 4): the first four, then the next four, of
     * which one step is written, one stays below the threshold, one has no meter readings within 30 s and one
     * names a domain its entity is not in. Readings every 2 s from T - 10 s to T + 160 s.
     */
    private static void writeHouse(TestBucket bucket) {
        List<String> lines = new ArrayList<>();
        for (int s = -10; s <= 160; s += 2) {
            lines.add(meter(T.plusSeconds(s), wattsAt(s)));
        }
        lines.add(event(T.plusMillis(500), "switch.kettle", "switch", "on", "off"));
        lines.add(event(T.plusMillis(20_500), "switch.kettle", "switch", "off", "on"));
        lines.add(event(T.plusMillis(40_500), "light.hall", "light", "on", "off"));
        lines.add(event(T.plusMillis(60_500), "switch.tv", "switch", "on", "off"));
        // The second cycle's:
        lines.add(event(T.plusMillis(120_500), "switch.kettle", "switch", "on", "off"));
        lines.add(event(T.plusMillis(140_500), "light.hall", "light", "off", "on"));
        lines.add(event(T.plusMillis(160_500), "sensor.garden", "switch", "on", "off"));
        lines.add(event(T.plusMillis(200_500), "fan.attic", "fan", "on", "off"));
        bucket.write(lines.toArray(String[]::new));
    }

    /** 300 W, the kettle's 2000 W from +0.5 s to +20.5 s and from +120.5 s, the hall light's 5 W from +40.5 s to +140.5 s, the TV's 120 W from +60.5 s. */
    private static double wattsAt(int s) {
        return 300 + (s > 0 && s < 21 || s > 120 ? 2000 : 0) + (s > 40 && s < 141 ? 5 : 0) + (s > 60 ? 120 : 0);
    }

    private static Map<String, String> settings(TestBucket bucket) {
        Map<String, String> settings = RunningService.settingsFor(bucket, 0);
        settings.put("correlator.lookback-minutes", "60");
        settings.put("correlator.max-events-per-cycle", "4");
        return settings;
    }

    @Test
    void countersMoveByExactlyWhatACycleDid(TestBucket bucket) throws Exception {
        writeHouse(bucket);
        try (RunningService service = RunningService.start(settings(bucket))) {
            awaitCycles(service, 1);
            PrometheusScrape first = scrape(service);
            JsonNode statisticsFirst = service.get("/statistics").json();

            // The first cycle took 4 state changes (3 written, 1 below the threshold) and left 4.
            assertThat(first.value("energy_correlator_events_processed_total")).isEqualTo(4);
            assertThat(first.value("energy_correlator_correlations_written_total")).isEqualTo(3);
            assertThat(first.value("energy_correlator_below_threshold_total")).isEqualTo(1);
            assertThat(first.value("energy_correlator_backlog_events")).isEqualTo(4);

            nextCycle(service, 2);
            PrometheusScrape second = scrape(service);
            JsonNode statisticsSecond = service.get("/statistics").json();

            assertThat(delta(first, second, "energy_correlator_events_processed_total")).isEqualTo(3);
            assertThat(delta(first, second, "energy_correlator_correlations_found_total")).isEqualTo(1);
            assertThat(delta(first, second, "energy_correlator_correlations_written_total")).isEqualTo(1);
            assertThat(delta(first, second, "energy_correlator_below_threshold_total")).isEqualTo(1);
            assertThat(delta(first, second, "energy_correlator_skipped_total{reason=\"no_meter_data\"}")).isEqualTo(1);
            assertThat(delta(first, second, "energy_correlator_skipped_total{reason=\"unknown_domain\"}")).isEqualTo(1);
            assertThat(delta(first, second, "energy_correlator_cycle_failures_total")).isZero();
            assertThat(delta(first, second, CYCLES)).isEqualTo(1);
            assertThat(delta(first, second, "energy_correlator_cycle_duration_seconds_count{outcome=\"failure\"}")).isZero();
            // One write: the correlation, its device's profile and the watermark; the queries: state changes with
            // their neighbours and the meter (one request), and the reading that may hold after the attic fan (none follows it).
            assertThat(delta(first, second, WRITES)).isEqualTo(1);
            assertThat(delta(first, second, QUERIES)).isEqualTo(2)
                    .isEqualTo(statisticsSecond.get("flux_queries_total").asDouble() - statisticsFirst.get("flux_queries_total").asDouble());
            assertThat(second.value("energy_correlator_backlog_events")).isZero();
            // Each counter is the number /statistics shows.
            assertThat(second.value("energy_correlator_events_processed_total"))
                    .isEqualTo(statisticsSecond.get("total_events_processed").asDouble());
            assertThat(second.value("energy_correlator_correlations_written_total"))
                    .isEqualTo(statisticsSecond.get("correlations_written").asDouble());
            // The watermark is the second cycle's end: now - the settle time (the estimator's reach 5 s + grace 30 s).
            Instant watermark = Instant.parse(statisticsSecond.get("watermark").asText());
            assertThat(second.value("energy_correlator_watermark_lag_seconds"))
                    .isBetween(35.0, Duration.between(watermark, Instant.now()).toMillis() / 1000.0);
            assertThat(second.value("energy_correlator_last_successful_cycle_timestamp_seconds"))
                    .isBetween(Instant.now().minusSeconds(60).getEpochSecond() * 1.0, Instant.now().getEpochSecond() + 1.0);
        }
    }

    @Test
    void beforeTheFirstCycleTheCountersAreZeroAndTheGaugesUnknown(TestBucket bucket) throws Exception {
        try (RunningService service = RunningService.start(RunningService.settingsFor(bucket, 3600))) {
            ApiClient.Response response = service.get("/observe/metrics");
            PrometheusScrape scrape = PrometheusScrape.parse(response.body());

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
            for (String counter : List.of("energy_correlator_events_processed_total", "energy_correlator_correlations_found_total",
                    "energy_correlator_correlations_written_total", "energy_correlator_below_threshold_total",
                    "energy_correlator_cycle_failures_total", CYCLES, "energy_correlator_backlog_events",
                    "energy_correlator_backfill_running")) {
                assertThat(scrape.value(counter)).as(counter).isZero();
            }
            assertThat(scrape.value("energy_correlator_watermark_lag_seconds")).isNaN();
            assertThat(scrape.value("energy_correlator_last_successful_cycle_timestamp_seconds")).isNaN();
            assertThat(scrape.value("energy_correlator_backfill_progress_ratio")).isNaN();
            assertThat(scrape.has("energy_correlator_cycle_duration_seconds_bucket{outcome=\"success\",le=\"1.0\"}")).isTrue();
            // Camel's own meters and the JVM's are there too; the token is not.
            assertThat(scrape.samples().keySet()).anyMatch(s -> s.startsWith("camel_exchanges_total{"));
            assertThat(scrape.samples().keySet()).anyMatch(s -> s.startsWith("jvm_memory_used_bytes{"));
            assertThat(response.body()).doesNotContain(bucket.token());
        }
    }

    @Test
    void aFailedCycleCountsAsAFailure(TestBucket bucket) throws Exception {
        Map<String, String> settings = RunningService.settingsFor(bucket, 0);
        settings.put("correlator.influxdb.bucket", "no-such-bucket");
        try (RunningService service = RunningService.start(settings)) {
            service.awaitCycles(1);
            PrometheusScrape scrape = scrape(service);

            assertThat(scrape.value("energy_correlator_cycle_duration_seconds_count{outcome=\"failure\"}")).isEqualTo(1);
            assertThat(scrape.value(CYCLES)).isZero();
            assertThat(scrape.value("energy_correlator_cycle_failures_total")).isEqualTo(1);
            assertThat(scrape.value("energy_correlator_influxdb_request_duration_seconds_count{operation=\"query\",outcome=\"failure\"}"))
                    .isEqualTo(1);
        }
    }

    @Test
    void aFinishedBackfillIsAllDone(TestBucket bucket) throws Exception {
        writeHouse(bucket);
        try (RunningService service = RunningService.start(RunningService.settingsFor(bucket, 3600))) {
            ApiClient.Response started = service.send(HttpRequest.newBuilder(service.uri("/backfill"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"start\":\"" + T.minusSeconds(60) + "\",\"end\":\"" + T.plusSeconds(300) + "\"}"))
                    .build());
            assertThat(started.status()).isEqualTo(202);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!"completed".equals(service.get("/backfill").json().get("status").asText())) {
                assertThat(System.nanoTime()).as("the backfill completes within 60 s").isLessThan(deadline);
                Thread.sleep(100);
            }
            PrometheusScrape scrape = scrape(service);

            assertThat(scrape.value("energy_correlator_backfill_running")).isZero();
            assertThat(scrape.value("energy_correlator_backfill_progress_ratio")).isEqualTo(1.0);
            // A backfill does not count in the live cycle's counters.
            assertThat(scrape.value("energy_correlator_correlations_written_total")).isZero();
        }
    }

    private static PrometheusScrape scrape(RunningService service) throws Exception {
        ApiClient.Response response = service.get("/observe/metrics");
        assertThat(response.status()).isEqualTo(200);
        return PrometheusScrape.parse(response.body());
    }

    private static double delta(PrometheusScrape before, PrometheusScrape after, String series) {
        return after.value(series) - before.valueOrZero(series);
    }

    /**
     * The timer fires again at once when its route starts (the first-cycle delay is 0): one more cycle. Camel's
     * timer now and then misses that fire when its route is restarted within milliseconds of stopping (seen once
     * in a CI run: the route started, no cycle in 60 s), so the route is restarted again if no cycle came.
     */
    private static void nextCycle(RunningService service, int cycles) throws Exception {
        for (int attempt = 1; attempt <= 3; attempt++) {
            service.context().getRouteController().stopRoute("correlate");
            service.context().getRouteController().startRoute("correlate");
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                if (scrape(service).value(CYCLES) >= cycles) {
                    return;
                }
                Thread.sleep(50);
            }
        }
        throw new AssertionError("no cycle " + cycles + " after three restarts of the correlate route");
    }

    /** Waits until the cycle histogram has counted {@code cycles} successful cycles. */
    private static void awaitCycles(RunningService service, int cycles) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (scrape(service).value(CYCLES) < cycles) {
            assertThat(System.nanoTime()).as("%d cycles within 60 s", cycles).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
