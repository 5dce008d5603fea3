package io.energycorrelator.correlate;

import com.fasterxml.jackson.databind.JsonNode;
import io.energycorrelator.support.InfluxDbExtension;
import io.energycorrelator.support.LogLines;
import io.energycorrelator.support.PrometheusScrape;
import io.energycorrelator.support.ApiClient;
import io.energycorrelator.support.RunningService;
import io.energycorrelator.support.TestBucket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static io.energycorrelator.support.LineProtocol.nanos;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A point InfluxDB refuses to store (422; here a field type conflict in its shard) is skipped, not retried
 * for ever: counted once as invalid_value, the cycle succeeds, the watermark moves on and /health stays
 * healthy. (A write failing for any other reason, InfluxDB down or hung, fails the cycle, which is redone:
 * faults/InfluxDbOutageIT.)
 */
@ExtendWith(InfluxDbExtension.class)
class WriteFailureIT {

    @Test
    void aPointInfluxDbCannotStoreIsSkippedAndCountedOnceAndTheCycleGoesOn(TestBucket bucket) throws Exception {
        Instant event = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(100);
        bucket.write(ExactlyOnceIT.lamp(event, "switch.kettle"));
        // A string where our float goes: InfluxDB refuses our correlation in this shard (field type conflict).
        bucket.write("event_energy_correlation,entity_id=switch.other power_before_w=\"oops\" " + nanos(event.minusSeconds(30)));
        Map<String, String> settings = RunningService.settingsFor(bucket, 1);
        settings.put("correlator.processing-interval-seconds", "1");

        try (LogLines log = LogLines.capture(); RunningService service = RunningService.start(settings)) {
            service.awaitCycles(3);
            ApiClient.Response health = service.get("/health");
            JsonNode stats = service.get("/statistics").json();

            assertThat(health.status()).isEqualTo(200);
            assertThat(health.json().get("status").asText()).isEqualTo("healthy");
            assertThat(stats.get("errors").asLong()).isZero();
            // A cycle whose refused point was skipped succeeded, in the metrics too.
            PrometheusScrape metrics = PrometheusScrape.parse(service.get("/observe/metrics").body());
            assertThat(metrics.value("energy_correlator_cycle_duration_seconds_count{outcome=\"failure\"}")).isZero();
            assertThat(stats.get("total_events_processed").asLong()).isEqualTo(1);
            assertThat(stats.get("correlations_found").asLong()).isEqualTo(1);
            assertThat(stats.get("correlations_written").asLong()).isZero();
            assertThat(stats.get("skipped").toString()).isEqualTo("{\"invalid_value\":1}");
            assertThat(Instant.parse(stats.get("watermark").asText())).isAfter(event);
            assertThat(log.lines()).filteredOn(l -> l.contains("io.energycorrelator.skipped")).singleElement().asString()
                    .startsWith("WARN io.energycorrelator.skipped - Live cycle (").endsWith("]: skipped 1 invalid_value");
        }
        // The correlation did not land; the profile, written in the same request, did: it learns the meter's step
        // whether or not InfluxDB stores the correlation point, the same with a restart in between or not.
        assertThat(ExactlyOnceIT.correlations(bucket)).isEmpty();
        assertThat(bucket.query("""
                from(bucket: BUCKET) |> range(start: -1d) |> filter(fn: (r) => r._measurement == "device_power_profile")
                  |> filter(fn: (r) => r._field == "count")""")).hasSize(1);
    }

    @Test
    void aDailyEnergyPointInfluxDbCannotStoreIsSkippedCountedAndLogged(TestBucket bucket) throws Exception {
        Instant dayStart = LocalDate.now(ZoneOffset.UTC).minusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant event = dayStart.plus(Duration.ofHours(12));
        bucket.write(ExactlyOnceIT.lamp(event, "switch.kettle"));
        // A string where our float goes: InfluxDB refuses the day's energy point in this shard.
        bucket.write("device_energy_daily,entity_id=switch.other energy_wh=\"oops\" " + nanos(dayStart));
        Map<String, String> settings = RunningService.settingsFor(bucket, 1);
        settings.put("correlator.processing-interval-seconds", "1");
        settings.put("correlator.lookback-minutes", Long.toString(Duration.between(event, Instant.now()).toMinutes() + 10));

        try (LogLines log = LogLines.capture(); RunningService service = RunningService.start(settings)) {
            service.awaitCycles(2);
            assertThat(service.get("/statistics").json().get("correlations_written").asLong()).isEqualTo(1);

            // Outside any cycle (what the daily timer and a backfill do): counted at once, one line of its own.
            service.context().createProducerTemplate().sendBodyAndHeaders("direct:daily-energy-for-range", null,
                    Map.of("start", dayStart, "end", dayStart.plus(Duration.ofDays(1))));

            assertThat(service.get("/statistics").json().get("skipped").toString()).isEqualTo("{\"invalid_value\":1}");
            assertThat(service.get("/health").status()).isEqualTo(200);
            assertThat(log.lines()).filteredOn(l -> l.contains("Skipped a point InfluxDB refused")).singleElement().asString()
                    .startsWith("WARN io.energycorrelator.correlate.RefusedPoints - Skipped a point InfluxDB refused (invalid_value): "
                            + "device_energy_daily,entity_id=switch.kettle ")
                    .contains("field type conflict");
        }
        assertThat(bucket.query("""
                from(bucket: BUCKET) |> range(start: -3d)
                  |> filter(fn: (r) => r._measurement == "device_energy_daily" and r.entity_id == "switch.kettle")""")).isEmpty();
    }
}
