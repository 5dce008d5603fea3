package io.energycorrelator.correlate;

import com.fasterxml.jackson.databind.JsonNode;
import com.influxdb.query.FluxRecord;
import io.energycorrelator.support.InfluxDbExtension;
import io.energycorrelator.support.RunningService;
import io.energycorrelator.support.TestBucket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpRequest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.energycorrelator.support.LineProtocol.event;
import static io.energycorrelator.support.LineProtocol.meter;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cost structure, checked by counts rather than times: a cycle's Flux queries and writes do not grow
 * with the number of state changes, and a backfill of a range writes exactly what the live cycle wrote.
 */
@ExtendWith(InfluxDbExtension.class)
class CostStructureIT {

    /** N lamps switching in the minutes before now, with a 1 Hz meter that follows them. */
    static List<String> house(Instant from, Instant to, int events, long seed) {
        Random random = new Random(seed);
        List<Long> times = new ArrayList<>();
        long span = to.getEpochSecond() - from.getEpochSecond() - 40;
        for (int i = 0; i < events; i++) {
            times.add(from.getEpochSecond() + 20 + (long) (random.nextDouble() * span));
        }
        times.sort(Long::compare);
        List<String> lines = new ArrayList<>();
        double watts = 400;
        int next = 0;
        for (long s = from.getEpochSecond(); s < to.getEpochSecond(); s++) {
            while (next < times.size() && times.get(next) < s) {
                boolean on = next % 2 == 0;
                lines.add(event(Instant.ofEpochSecond(times.get(next)).plusMillis(500), "switch.lamp_" + next, "switch",
                        on ? "on" : "off", on ? "off" : "on"));
                watts += on ? 50 + next % 7 : -(50 + (next - 1) % 7);
                next++;
            }
            lines.add(meter(Instant.ofEpochSecond(s), watts));
        }
        return lines;
    }

    private static JsonNode oneCycle(TestBucket bucket, int events) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<String> lines = house(now.minusSeconds(280), now.minusSeconds(40), events, events);
        for (int i = 0; i < lines.size(); i += 5000) {
            bucket.write(lines.subList(i, Math.min(lines.size(), i + 5000)).toArray(String[]::new));
        }
        Map<String, String> settings = RunningService.settingsFor(bucket, 0);
        settings.put("correlator.late-data-grace-seconds", "0");
        try (RunningService service = RunningService.start(settings)) {
            service.awaitCycles(1);
            return service.get("/statistics").json();
        }
    }

    @Test
    void aCycleMakesAsManyQueriesAndWritesForTenStateChangesAsForAThousand(TestBucket ten, TestBucket thousand) throws Exception {
        JsonNode few = oneCycle(ten, 10);
        JsonNode many = oneCycle(thousand, 1000);

        assertThat(few.get("total_events_processed").asLong()).isEqualTo(10);
        assertThat(many.get("total_events_processed").asLong()).isEqualTo(1000);
        // watermark, device profiles, the too-late audit (first cycle), and in one request the state changes with their
        // neighbours and the meter window
        assertThat(few.get("flux_queries_total").asLong()).isEqualTo(4);
        assertThat(many.get("flux_queries_total").asLong()).isEqualTo(4);
        // one write: the correlations, the device profiles they changed and the watermark (1,000 lamps in four minutes
        // all overlap each other, and no profile learns from an overlapped step)
        assertThat(few.get("influx_writes_total").asLong()).isEqualTo(1);
        assertThat(many.get("influx_writes_total").asLong()).isEqualTo(1);
    }

    @Test
    void aBackfillOfTheSameRangeWritesExactlyWhatTheLiveCycleWrote(TestBucket bucket) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant from = now.minusSeconds(280);
        List<String> lines = house(from, now.minusSeconds(40), 200, 7);
        bucket.write(lines.toArray(String[]::new));
        Map<String, String> settings = RunningService.settingsFor(bucket, 0);
        settings.put("correlator.late-data-grace-seconds", "0");

        List<String> live;
        try (RunningService service = RunningService.start(settings)) {
            service.awaitCycles(1);
            JsonNode stats = service.get("/statistics").json();
            assertThat(stats.get("total_events_processed").asLong()).isEqualTo(200);
            live = output(bucket);
            assertThat(live).hasSize(stats.get("correlations_written").intValue()).isNotEmpty();
            bucket.client().getDeleteApi().delete(OffsetDateTime.parse("1970-01-01T00:00:00Z"),
                    OffsetDateTime.parse("2100-01-01T00:00:00Z"), "_measurement=\"event_energy_correlation\"",
                    bucket.name(), bucket.org());
            assertThat(output(bucket)).isEmpty();

            service.send(HttpRequest.newBuilder(service.uri("/backfill")).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                    "{\"start\":\"" + from + "\",\"end\":\"" + now.minusSeconds(30) + "\"}")).build());
            long deadline = System.currentTimeMillis() + 60_000;
            while (!"completed".equals(service.get("/backfill").json().get("status").asText())
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
        }
        assertThat(output(bucket)).containsExactlyElementsOf(live);
    }

    /** Every output point as one line: time, tags and fields. */
    private static List<String> output(TestBucket bucket) {
        return bucket.correlationPoints().stream()
                .map(FluxRecord::getValues).map(v -> {
                    var copy = new java.util.TreeMap<>(v);
                    copy.keySet().removeAll(List.of("result", "table", "_start", "_stop"));
                    return copy.toString();
                }).toList();
    }
}
