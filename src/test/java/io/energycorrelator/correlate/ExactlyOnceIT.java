package io.energycorrelator.correlate;

import com.fasterxml.jackson.databind.JsonNode;
import com.influxdb.query.FluxRecord;
import io.energycorrelator.support.InfluxDbExtension;
import io.energycorrelator.support.RunningService;
import io.energycorrelator.support.TestBucket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static io.energycorrelator.support.LineProtocol.event;
import static io.energycorrelator.support.LineProtocol.meter;
import static org.assertj.core.api.Assertions.assertThat;

/** Each state change correlated exactly once: across overlapping cycles, restarts, cut cycles and late data. */
@ExtendWith(InfluxDbExtension.class)
class ExactlyOnceIT {

    /** A lamp step of 100 W at t, with readings 5 s either side. */
    static String[] lamp(Instant t, String entityId) {
        return new String[] {meter(t.minusSeconds(5), 500), meter(t.plusSeconds(5), 600), event(t, entityId, "switch", "on", "off")};
    }

    static List<FluxRecord> correlations(TestBucket bucket) {
        return bucket.query("""
                from(bucket: BUCKET) |> range(start: -1d)
                  |> filter(fn: (r) => r._measurement == "event_energy_correlation" and r._field == "power_delta_w")
                  |> group() |> sort(columns: ["_time"])""");
    }

    @Test
    void manyCyclesOverTheSameDataCountAndWriteEachStateChangeOnce(TestBucket bucket) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        bucket.write(lamp(now.minusSeconds(200), "switch.a"));
        bucket.write(lamp(now.minusSeconds(100), "switch.b"));
        Map<String, String> settings = RunningService.settingsFor(bucket, 0);
        settings.put("correlator.processing-interval-seconds", "1");
        try (RunningService service = RunningService.start(settings)) {
            service.awaitCycles(5);
            JsonNode stats = service.get("/statistics").json();

            assertThat(stats.get("total_events_processed").asLong()).isEqualTo(2);
            assertThat(stats.get("correlations_found").asLong()).isEqualTo(2);
            assertThat(stats.get("correlations_written").asLong()).isEqualTo(2);
            assertThat(correlations(bucket)).extracting(r -> r.getValueByKey("entity_id")).containsExactly("switch.a", "switch.b");
        }
    }

    @Test
    void aRestartResumesFromTheStoredWatermark(TestBucket bucket) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        bucket.write(lamp(now.minusSeconds(60 * 60), "switch.before_install")); // older than the 5 min lookback
        bucket.write(lamp(now.minusSeconds(120), "switch.first_run"));
        Map<String, String> settings = RunningService.settingsFor(bucket, 0);
        settings.put("correlator.late-data-grace-seconds", "0");

        Instant watermarkAfterFirstRun;
        try (RunningService first = RunningService.start(settings)) {
            first.awaitCycles(1);
            JsonNode stats = first.get("/statistics").json();
            assertThat(stats.get("total_events_processed").asLong()).isEqualTo(1);
            watermarkAfterFirstRun = OffsetDateTime.parse(stats.get("watermark").asText()).toInstant();
        }
        // One state change that came in while the service was down, after its watermark.
        Instant whileDown = watermarkAfterFirstRun.plusSeconds(1);
        bucket.write(lamp(whileDown, "switch.while_down"));
        Thread.sleep(Math.max(0, whileDown.plusSeconds(7).toEpochMilli() - System.currentTimeMillis()));

        try (RunningService second = RunningService.start(settings)) {
            second.awaitCycles(1);
            JsonNode stats = second.get("/statistics").json();

            assertThat(stats.get("total_events_processed").asLong()).isEqualTo(1);
            assertThat(stats.get("correlations_written").asLong()).isEqualTo(1);
        }
        assertThat(correlations(bucket)).extracting(r -> r.getValueByKey("entity_id"))
                .containsExactly("switch.first_run", "switch.while_down");
        List<FluxRecord> stored = bucket.query("""
                from(bucket: BUCKET) |> range(start: -1d)
                  |> filter(fn: (r) => r._measurement == "energy_correlator_watermark") |> group() |> sort(columns: ["_time"]) |> last()""");
        assertThat(stored).hasSize(1);
        assertThat((Long) stored.get(0).getValue()).isGreaterThanOrEqualTo(whileDown.getEpochSecond() * 1_000_000_000L);
    }

    @Test
    void aStateChangeWaitsUntilItsAfterWindowAndTheGraceHavePassed(TestBucket bucket) throws Exception {
        Instant event = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        bucket.write(lamp(event, "switch.just_now"));
        Map<String, String> settings = RunningService.settingsFor(bucket, 0);
        settings.put("correlator.processing-interval-seconds", "1");
        settings.put("correlator.late-data-grace-seconds", "4");
        try (RunningService service = RunningService.start(settings)) {
            service.awaitCycles(1);
            // settled at event + 5 s (half the window) + 4 s (grace): not before
            assertThat(Instant.now()).isBefore(event.plusSeconds(9));
            assertThat(service.get("/statistics").json().get("total_events_processed").asLong()).isZero();

            long deadline = System.currentTimeMillis() + 30_000;
            while (service.get("/statistics").json().get("total_events_processed").asLong() == 0
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            service.awaitCycles(service.cyclesSoFar() + 2);
            JsonNode stats = service.get("/statistics").json();
            assertThat(stats.get("total_events_processed").asLong()).isEqualTo(1);
            assertThat(stats.get("correlations_written").asLong()).isEqualTo(1);
            assertThat(stats.get("skipped").size()).isZero();
        }
    }

    @Test
    void aCycleTakesAtMostItsMaximumAndTheRestWaitsWithWholeInstantsKeptTogether(TestBucket bucket) throws Exception {
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(200);
        bucket.write(lamp(t0, "switch.one"));
        // two entities changing at the same instant, straddling the cut: both wait, both are correlated
        bucket.write(lamp(t0.plusSeconds(20), "switch.two"));
        bucket.write(lamp(t0.plusSeconds(20), "switch.three"));
        bucket.write(lamp(t0.plusSeconds(40), "switch.four"));
        bucket.write(lamp(t0.plusSeconds(60), "switch.five"));
        Map<String, String> settings = RunningService.settingsFor(bucket, 0);
        settings.put("correlator.max-events-per-cycle", "2");

        try (RunningService cut = RunningService.start(settings)) {
            cut.awaitCycles(1);
            JsonNode stats = cut.get("/statistics").json();

            assertThat(stats.get("total_events_processed").asLong()).isEqualTo(1);
            assertThat(stats.get("backlog_events").asLong()).isEqualTo(4);
            assertThat(stats.get("watermark").asText()).isEqualTo(t0.toString());
        }
        settings.put("correlator.processing-interval-seconds", "1");
        try (RunningService rest = RunningService.start(settings)) {
            rest.awaitCycles(4);
            JsonNode stats = rest.get("/statistics").json();

            assertThat(stats.get("total_events_processed").asLong()).isEqualTo(4);
            assertThat(stats.get("backlog_events").asLong()).isZero();
        }
        assertThat(correlations(bucket)).extracting(r -> r.getValueByKey("entity_id"))
                .containsExactlyInAnyOrder("switch.one", "switch.two", "switch.three", "switch.four", "switch.five");
    }

    @Test
    void aCutCycleTakesTheOldestStateChangesEvenWhenAnEntityIsStoredInSeveralSeries(TestBucket bucket) throws Exception {
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(240);
        List<String> lines = new java.util.ArrayList<>();
        for (int i = 0; i < 9; i++) {
            Instant t = t0.plusSeconds(20L * i);
            // the later state changes are stored in a series that sorts first ("a" before "z")
            String series = i < 5 ? "z" : "a";
            boolean on = i % 2 == 0;
            lines.add(meter(t.minusSeconds(5), on ? 500 : 600));
            lines.add(meter(t.plusSeconds(5), on ? 600 : 500));
            lines.add("home_assistant_events,entity_id=switch.k,domain=switch,event_type=" + series + " state_value=\""
                    + (on ? "on" : "off") + "\",previous_state=\"" + (on ? "off" : "on") + "\" "
                    + io.energycorrelator.support.LineProtocol.nanos(t));
        }
        bucket.write(lines.toArray(String[]::new));
        Map<String, String> settings = RunningService.settingsFor(bucket, 0);
        settings.put("correlator.max-events-per-cycle", "2");

        try (RunningService first = RunningService.start(settings)) {
            first.awaitCycles(1);
            JsonNode stats = first.get("/statistics").json();
            assertThat(stats.get("total_events_processed").asLong()).isEqualTo(2);
            assertThat(stats.get("watermark").asText()).isEqualTo(t0.plusSeconds(20).toString());
        }
        settings.put("correlator.processing-interval-seconds", "1");
        try (RunningService rest = RunningService.start(settings)) {
            rest.awaitCycles(4);
            assertThat(rest.get("/statistics").json().get("total_events_processed").asLong()).isEqualTo(7);
        }
        assertThat(correlations(bucket)).hasSize(9);
    }
}
