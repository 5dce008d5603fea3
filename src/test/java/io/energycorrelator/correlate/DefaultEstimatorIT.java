package io.energycorrelator.correlate;

import com.fasterxml.jackson.databind.JsonNode;
import com.influxdb.query.FluxRecord;
import io.energycorrelator.support.InfluxDbExtension;
import io.energycorrelator.support.RunningService;
import io.energycorrelator.support.TestBucket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.energycorrelator.support.LineProtocol.event;
import static io.energycorrelator.support.LineProtocol.meter;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default step rule ("aligned", chosen on ten real REFIT houses, where "profile" did not beat it) through
 * the whole service: a meter that reports the step 4 s after
 * Home Assistant's timestamp, with another appliance's spike just before it, still gives the heater's step.
 */
@ExtendWith(InfluxDbExtension.class)
class DefaultEstimatorIT {

    @Test
    void aLateMeterAndANearbySpikeStillGiveTheRightStep(TestBucket bucket) throws Exception {
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(150);
        List<String> lines = new ArrayList<>();
        for (int s = -29; s <= 29; s += 2) {
            double watts = s < 4 ? 400 : 1900;
            lines.add(meter(t.plusSeconds(s), s == -5 ? 520 : watts)); // the fridge's compressor starting at t-5
        }
        lines.add(event(t, "switch.heater", "switch", "on", "off"));
        bucket.write(lines.toArray(String[]::new));
        Map<String, String> settings = RunningService.settingsFor(bucket, 0);
        settings.remove("correlator.estimator");

        try (RunningService service = RunningService.start(settings)) {
            service.awaitCycles(1);
            JsonNode stats = service.get("/statistics").json();
            assertThat(stats.get("config").get("estimator").asText()).isEqualTo("aligned");
            assertThat(stats.get("correlations_written").asLong()).isEqualTo(1);
        }
        List<FluxRecord> points = bucket.correlationPoints();
        assertThat(points).hasSize(1);
        assertThat(points.get(0).getValueByKey("power_before_w")).isEqualTo(400.0);
        assertThat(points.get(0).getValueByKey("power_after_w")).isEqualTo(1900.0);
        assertThat(points.get(0).getValueByKey("power_delta_w")).isEqualTo(1500.0);
    }
}
