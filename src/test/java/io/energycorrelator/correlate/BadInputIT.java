package io.energycorrelator.correlate;

import com.fasterxml.jackson.databind.JsonNode;
import com.influxdb.query.FluxRecord;
import io.energycorrelator.support.InfluxDbExtension;
import io.energycorrelator.support.LogLines;
import io.energycorrelator.support.RunningService;
import io.energycorrelator.support.TestBucket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;

import static io.energycorrelator.support.LineProtocol.event;
import static io.energycorrelator.support.LineProtocol.meter;
import static io.energycorrelator.support.LineProtocol.nanos;
import static org.assertj.core.api.Assertions.assertThat;

/** Records that cannot be used are skipped and counted by reason; the good ones around them are correlated. */
@ExtendWith(InfluxDbExtension.class)
class BadInputIT {

    @Test
    void everyKindOfBadRecordIsSkippedWithItsReasonAndTheCycleSucceeds(TestBucket bucket) throws Exception {
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(200);
        Instant twins = t.plusSeconds(60);
        Instant dup = t.plusSeconds(100);
        bucket.write(
                // a good lamp, with an implausible reading between its two good ones
                meter(t.minusSeconds(5), 500), meter(t.minusSeconds(4), 1e9), meter(t.plusSeconds(5), 600),
                event(t, "switch.good", "switch", "on", "off"),
                // two meters reporting at the same instant, near nobody's target
                meter(t.plusSeconds(20), 600), "smart_meter,meter_type=second total_power_w=999 " + nanos(t.plusSeconds(20)),
                // two entities changing at the same instant: both correlated
                meter(twins.minusSeconds(5), 600), meter(twins.plusSeconds(5), 800),
                event(twins, "switch.twin_a", "switch", "on", "off"), event(twins, "light.twin_b", "light", "on", "off"),
                // the same state change twice (same entity and time, in two series)
                meter(dup.minusSeconds(5), 800), meter(dup.plusSeconds(5), 700),
                event(dup, "switch.dup", "switch", "off", "on"),
                "home_assistant_events,entity_id=switch.dup,domain=switch,event_type=state_changed "
                        + "state_value=\"off\",previous_state=\"on\" " + nanos(dup),
                // records that cannot be used
                "home_assistant_events,domain=switch state_value=\"on\",previous_state=\"off\" " + nanos(t.plusSeconds(30)),
                "home_assistant_events,entity_id=switch.no_domain state_value=\"on\",previous_state=\"off\" " + nanos(t.plusSeconds(31)),
                event(t.plusSeconds(32), "switch.typo", "swich", "on", "off"),
                event(t.plusSeconds(33), "switch.same", "switch", "on", "on"),
                "home_assistant_events,entity_id=switch.no_state,domain=switch previous_state=\"off\" " + nanos(t.plusSeconds(34)),
                // an untracked domain is not a state change of ours: not read at all
                event(t.plusSeconds(35), "sensor.temperature", "sensor", "21.5", "21.4"));

        try (LogLines log = LogLines.capture(); RunningService service = RunningService.start(RunningService.settingsFor(bucket, 1))) {
            service.awaitCycles(1);
            // one line for the cycle, each reason with its count
            assertThat(log.lines()).filteredOn(l -> l.contains("io.energycorrelator.skipped")).singleElement().asString()
                    .startsWith("WARN io.energycorrelator.skipped - Live cycle (")
                    .endsWith("]: skipped 1 duplicate_meter_reading, 1 duplicate_state_change, 1 meter_value_implausible, "
                            + "1 missing_domain, 1 missing_entity_id, 1 missing_state, 1 state_unchanged, 1 unknown_domain");
            JsonNode stats = service.get("/statistics").json();
            JsonNode health = service.get("/health").json();

            Map<String, Long> skipped = new TreeMap<>();
            stats.get("skipped").fields().forEachRemaining(e -> skipped.put(e.getKey(), e.getValue().asLong()));
            assertThat(skipped).isEqualTo(new TreeMap<>(Map.of(
                    "missing_entity_id", 1L, "missing_domain", 1L, "unknown_domain", 1L, "state_unchanged", 1L,
                    "missing_state", 1L, "duplicate_state_change", 1L,
                    "meter_value_implausible", 1L, "duplicate_meter_reading", 1L)));
            assertThat(stats.get("total_events_processed").asLong()).isEqualTo(4);
            assertThat(stats.get("correlations_written").asLong()).isEqualTo(4);
            assertThat(stats.get("errors").asLong()).isZero();
            assertThat(health.get("status").asText()).isEqualTo("healthy");
        }
        Map<String, Double> deltas = new TreeMap<>();
        for (FluxRecord r : ExactlyOnceIT.correlations(bucket)) {
            deltas.put((String) r.getValueByKey("entity_id"), (Double) r.getValue());
        }
        assertThat(deltas).isEqualTo(Map.of("switch.good", 100.0, "switch.twin_a", 200.0, "light.twin_b", 200.0,
                "switch.dup", -100.0));
    }
}
