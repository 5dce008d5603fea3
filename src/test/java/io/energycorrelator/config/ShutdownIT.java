package io.energycorrelator.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.influxdb.query.FluxRecord;
import io.energycorrelator.support.InfluxDbExtension;
import io.energycorrelator.support.PackagedService;
import io.energycorrelator.support.TestBucket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.energycorrelator.support.LineProtocol.event;
import static io.energycorrelator.support.LineProtocol.meter;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM (docker stop, systemctl stop): the running backfill stops between chunks and says so, the cycles
 * stop without moving the watermark past what they wrote, and the last line of the log says that the service
 * stopped and where the watermark stands, which is what InfluxDB holds.
 */
@ExtendWith(InfluxDbExtension.class)
class ShutdownIT {

    private static final Pattern LAST_LINE = Pattern.compile(
            ".* INFO .*energy-correlator stopped: the watermark stands at (\\S+) \\(stored in InfluxDB; state changes up to it are done\\)");

    @Test
    void onSigtermTheBackfillStopsAndTheLastLineSaysWhereTheWatermarkStands(TestBucket bucket) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (Instant t : List.of(now.minusSeconds(120), now.minusSeconds(60))) {
            bucket.write(meter(t.minusSeconds(5), 500), meter(t.plusSeconds(5), 600),
                    event(t, t.equals(now.minusSeconds(120)) ? "switch.a" : "switch.b", "switch", "on", "off"));
        }
        Map<String, String> environment = PackagedService.environmentFor(bucket);
        environment.put("PROCESSING_INTERVAL", "1");
        environment.put("FIRST_CYCLE_DELAY", "0");
        environment.put("LATE_DATA_GRACE_SECONDS", "0");
        environment.put("MAX_CYCLE_SPAN_MINUTES", "1"); // a month's backfill: 43,200 chunks, running when SIGTERM comes
        Instant end = now.truncatedTo(ChronoUnit.DAYS);
        Instant start = end.minus(Duration.ofDays(30));

        String output;
        int exitCode;
        try (PackagedService service = PackagedService.start(environment)) {
            service.api().await("/statistics", s -> s.get("total_events_processed").asLong() == 2, 60);
            assertThat(service.api().postJson("/backfill", "{\"start\":\"" + start + "\",\"end\":\"" + end + "\"}").status())
                    .isEqualTo(202);
            JsonNode running = service.api().await("/backfill", b -> b.get("percent_done").asDouble() > 0, 30);
            assertThat(running.get("status").asText()).isEqualTo("running");

            exitCode = service.terminate(60);
            output = service.output();
        }
        List<String> lines = output.lines().toList();
        System.out.println("Last lines after SIGTERM:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 4), lines.size())));

        assertThat(exitCode).isEqualTo(143); // ended by SIGTERM, as the JVM reports it
        assertThat(output).contains("Backfill of [" + start + ", " + end + ") failed: the service stopped; run the backfill again to finish it");
        assertThat(lines).noneMatch(l -> l.contains(" ERROR "));
        Matcher last = LAST_LINE.matcher(lines.get(lines.size() - 1));
        assertThat(last.matches()).as(lines.get(lines.size() - 1)).isTrue();
        Instant reported = Instant.parse(last.group(1));

        List<FluxRecord> stored = bucket.query("""
                from(bucket: BUCKET) |> range(start: 0)
                  |> filter(fn: (r) => r._measurement == "energy_correlator_watermark")""");
        assertThat(stored).hasSize(1);
        assertThat(Instant.ofEpochSecond(0, (Long) stored.get(0).getValue())).isEqualTo(reported);
        assertThat(reported).isAfter(now.minusSeconds(60));
        assertThat(bucket.correlationPoints()).extracting(r -> r.getValueByKey("entity_id")).containsExactly("switch.a", "switch.b");
    }
}
