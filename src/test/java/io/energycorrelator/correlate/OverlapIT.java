package io.energycorrelator.correlate;

import com.influxdb.query.FluxRecord;
import io.energycorrelator.support.InfluxDbExtension;
import io.energycorrelator.support.RunningService;
import io.energycorrelator.support.TestBucket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static io.energycorrelator.support.LineProtocol.event;
import static io.energycorrelator.support.LineProtocol.meter;
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
        // flat meter before each event: only the overlap counts
        assertThat(points).extracting(r -> r.getValueByKey("confidence")).containsExactly(0.5, 0.5, 1.0);
        // the original fields are all still there
        assertThat(points.get(2).getValueByKey("power_delta_w")).isEqualTo(60.0);
        assertThat(points.get(2).getValueByKey("power_delta_pct")).isEqualTo(2.5);
    }
}
