package io.energycorrelator.correlate;

import com.influxdb.client.domain.WritePrecision;
import io.energycorrelator.model.Correlation;
import io.energycorrelator.model.StateChange;
import com.influxdb.client.write.Point;
import org.apache.camel.component.influxdb2.data.Points;

import java.util.ArrayList;
import java.util.List;

/**
 * The output schema: one {@code event_energy_correlation} point per correlation, at the event's
 * time, so that writing the same event again lands on the same series and timestamp. Besides the
 * original fields: {@code overlapping_events} (integer), {@code confidence} (float, 0..1) and
 * {@code estimate_source} (string: {@code meter} or {@code profile}; a field, not a tag, so that the series
 * of an event never changes).
 */
public class CorrelationPoints {

    public static final String MEASUREMENT = "event_energy_correlation";
    /** Tag value when Home Assistant recorded no previous state (a tag cannot be empty). */
    public static final String UNKNOWN_STATE = "unknown";

    /** Points in a batch: one confirmed write each, small enough for any InfluxDB's request limit. */
    public static final int BATCH_SIZE = 5000;

    /** The correlations in batches of at most {@value #BATCH_SIZE}, in time order: one write each. */
    public List<List<Correlation>> batches(List<Correlation> correlations) {
        List<List<Correlation>> batches = new ArrayList<>();
        for (int from = 0; from < correlations.size(); from += BATCH_SIZE) {
            batches.add(List.copyOf(correlations.subList(from, Math.min(correlations.size(), from + BATCH_SIZE))));
        }
        return batches;
    }

    /** One batch as the points camel-influxdb2 writes. */
    public Points toPoints(List<Correlation> batch) {
        return Points.create(batch.stream().map(CorrelationPoints::toPoint).toList());
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
                .addField("power_delta_pct", c.powerDeltaPct())
                .addField("overlapping_events", (long) c.overlappingEvents())
                .addField("confidence", c.confidence())
                .addField("estimate_source", c.estimateSource());
    }
}
