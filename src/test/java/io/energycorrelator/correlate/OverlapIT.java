package io.energycorrelator.correlate;

import com.influxdb.query.FluxRecord;
import io.energycorrelator.support.InfluxDbExtension;
import io.energycorrelator.support.RunningService;
import io.energycorrelator.support.TestBucket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.energycorrelator.support.LineProtocol.event;
import static io.energycorrelator.support.LineProtocol.meter;
import static io.energycorrelator.support.LineProtocol.nanos;
import static org.assertj.core.api.Assertions.assertThat;

/** Two switches within one window: both correlations are flagged as overlapping and trusted less. */
@ExtendWith(InfluxDbExtension.class)
class OverlapIT {

    @Test
    void stateChangesWithinEachOthersWindowAreFlagged(TestBucket bucket) throws Exception {
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(150);
        Instant alone = t.plusSeconds(60);
        bucket.write(
                meter(t.minusSeconds(15), 300), meter(t.minusSeconds(5), 300), meter(t.plusSeconds(8), 2400),
                event(t, "switch.kettle", "switch", "on", "off"), event(t.plusSeconds(3), "light.kitchen", "light", "on", "off"),
                meter(alone.minusSeconds(15), 2400), meter(alone.minusSeconds(5), 2400), meter(alone.plusSeconds(5), 2460),
                event(alone, "switch.tv", "switch", "on", "off"));

        try (RunningService service = RunningService.start(RunningService.settingsFor(bucket, 0))) {
            service.awaitCycles(1);
        }
        List<FluxRecord> points = bucket.correlationPoints();

        assertThat(points).extracting(r -> r.getValueByKey("entity_id")).containsExactly("switch.kettle", "light.kitchen", "switch.tv");
        assertThat(points).extracting(r -> r.getValueByKey("overlapping_events")).containsExactly(1L, 1L, 0L);
        // flat meter before each event: only the overlap and the step's size count
        assertThat(points).extracting(r -> r.getValueByKey("confidence")).containsExactly(
                Confidence.calibrated(1, 1, false, Math.abs((Double) points.get(0).getValueByKey("power_delta_w"))),
                Confidence.calibrated(1, 1, false, Math.abs((Double) points.get(1).getValueByKey("power_delta_w"))),
                Confidence.calibrated(1, 0, false, 60));
        // the power fields are all still there
        assertThat(points.get(2).getValueByKey("power_delta_w")).isEqualTo(60.0);
        assertThat(points.get(2).getValueByKey("power_delta_pct")).isEqualTo(2.5);
    }

    /**
     * Neighbours outside the cycle count too: one before the stored watermark, and one just after where a cut
     * cycle ends. Once with an entity per state change, once with all of them one entity's (the cycle's
     * query then reaches its per-series limit and the neighbours are read apart).
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void neighboursBeforeTheWatermarkAndAfterACutCount(boolean oneEntity, TestBucket bucket) throws Exception {
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(200);
        String[] entities = oneEntity ? new String[] {"switch.k", "switch.k", "switch.k", "switch.k"}
                : new String[] {"switch.a", "switch.b", "switch.c", "switch.d"};
        int[] seconds = {-3, 1, 20, 23}; // a before the watermark (t); b and c in the cycle, cut after c; d after the cut
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Instant at = t.plusSeconds(seconds[i]);
            boolean on = i % 2 == 0;
            lines.add(event(at, entities[i], "switch", on ? "on" : "off", on ? "off" : "on"));
            lines.add(meter(at.minusSeconds(5), on ? 300 : 400));
            lines.add(meter(at.plusSeconds(5), on ? 400 : 300));
        }
        lines.add(Watermark.MEASUREMENT + " " + Watermark.FIELD + "=" + nanos(t) + "i " + nanos(Instant.now()));
        bucket.write(lines.toArray(String[]::new));
        Map<String, String> settings = RunningService.settingsFor(bucket, 0);
        settings.put("correlator.max-events-per-cycle", "2");
        // a, written without its correlation, stands for one settled before the stored watermark: no look-back for it
        settings.put("correlator.late-data-window-minutes", "0");

        try (RunningService service = RunningService.start(settings)) {
            service.awaitCycles(1);
            assertThat(service.get("/statistics").json().get("watermark").asText()).isEqualTo(t.plusSeconds(20).toString());
        }
        List<FluxRecord> points = bucket.correlationPoints();

        assertThat(points).extracting(FluxRecord::getTime).containsExactly(t.plusSeconds(1), t.plusSeconds(20));
        assertThat(points).extracting(r -> r.getValueByKey("overlapping_events")).containsExactly(1L, 1L);
    }
}
