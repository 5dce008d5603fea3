package io.energycorrelator.correlate;

import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import org.apache.camel.component.influxdb2.data.Points;

import java.util.List;

/**
 * The output schema (GUIDE §3): one {@code event_energy_correlation} point per correlation, at the event's
 * time, so that writing the same event again lands on the same series and timestamp.
 */
public class CorrelationPoints {

    public static final String MEASUREMENT = "event_energy_correlation";
    /** Tag value when Home Assistant recorded no previous state (a tag cannot be empty). */
    public static final String UNKNOWN_STATE = "unknown";

    public Points toPoints(List<Correlation> correlations) {
        return Points.create(correlations.stream().map(CorrelationPoints::toPoint).toList());
    }

    static Point toPoint(Correlation c) {
        StateChange change = c.change();
        return Point.measurement(MEASUREMENT)
                .time(change.time(), WritePrecision.NS)
                .addTag("entity_id", change.entityId())
                .addTag("domain", change.domain())
                .addTag("state", change.state())
                .addTag("previous_state", change.previousState() == null ? UNKNOWN_STATE : change.previousState())
                .addField("power_before_w", c.powerBeforeW())
                .addField("power_after_w", c.powerAfterW())
                .addField("power_delta_w", c.powerDeltaW())
                .addField("power_delta_pct", c.powerDeltaPct());
    }
}
