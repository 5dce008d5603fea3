package io.energycorrelator.correlate;

import com.fasterxml.jackson.databind.JsonNode;
import io.energycorrelator.support.InfluxDbExtension;
import io.energycorrelator.support.ApiClient;
import io.energycorrelator.support.RunningService;
import io.energycorrelator.support.TestBucket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static io.energycorrelator.support.LineProtocol.nanos;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A write that InfluxDB rejects fails the cycle: nothing counts as written, the watermark stays, /health
 * says why, and once InfluxDB accepts writes again the next cycle redoes the work, counted once.
 */
@ExtendWith(InfluxDbExtension.class)
class WriteFailureIT {

    @Test
    void aRejectedWriteIsRedoneByTheNextCycle(TestBucket bucket) throws Exception {
        Instant event = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(100);
        bucket.write(ExactlyOnceIT.lamp(event, "switch.kettle"));
        // A string where our float goes: InfluxDB rejects our points in this shard (field type conflict).
        bucket.write("event_energy_correlation,entity_id=switch.other power_before_w=\"oops\" " + nanos(event.minusSeconds(30)));
        Map<String, String> settings = RunningService.settingsFor(bucket, 0);
        settings.put("correlator.processing-interval-seconds", "1");

        try (RunningService service = RunningService.start(settings)) {
            service.awaitCycles(3);
            ApiClient.Response health = service.get("/health");
            JsonNode stats = service.get("/statistics").json();

            assertThat(health.status()).isEqualTo(503);
            assertThat(health.json().get("status").asText()).isEqualTo("unhealthy");
            assertThat(health.json().get("last_error").asText()).contains("field type conflict");
            assertThat(health.json().get("failed_fetches").asLong()).isGreaterThanOrEqualTo(3);
            assertThat(stats.get("errors").asLong()).isGreaterThanOrEqualTo(3);
            assertThat(stats.get("correlations_written").asLong()).isZero();
            assertThat(stats.get("total_events_processed").asLong()).isZero();
            assertThat(stats.get("watermark").isNull()).isTrue();

            // InfluxDB accepts our points again once the conflicting data is gone.
            bucket.client().getDeleteApi().delete(OffsetDateTime.parse("1970-01-01T00:00:00Z"),
                    OffsetDateTime.parse("2100-01-01T00:00:00Z"), "_measurement=\"event_energy_correlation\"",
                    bucket.name(), bucket.org());
            service.awaitCycles(service.cyclesSoFar() + 3);
            stats = service.get("/statistics").json();

            assertThat(service.get("/health").json().get("status").asText()).isEqualTo("healthy");
            assertThat(stats.get("total_events_processed").asLong()).isEqualTo(1);
            assertThat(stats.get("correlations_found").asLong()).isEqualTo(1);
            assertThat(stats.get("correlations_written").asLong()).isEqualTo(1);
        }
        assertThat(ExactlyOnceIT.correlations(bucket)).extracting(r -> r.getValueByKey("entity_id"))
                .containsExactly("switch.kettle");
    }
}
