package io.energycorrelator.correlate;

import io.energycorrelator.influx.PointLine;
import io.energycorrelator.model.Correlation;
import io.energycorrelator.model.MeterWindow;
import io.energycorrelator.model.StateChange;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.component.influxdb2.data.Records;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The output schema: one {@code event_energy_correlation} point per correlation, at the event's
 * time, so that writing the same event again lands on the same series and timestamp. Besides the power
 * fields: {@code overlapping_events} (integer), {@code confidence} (float, 0..1: the probability that the
 * step is right, see {@link Confidence}), {@code power_delta_uncertainty_w} (float: the half-width around the step
 * within which the true step lies four times in five) and {@code estimate_source} (string: {@code meter} or {@code profile}; a field, not a tag, so that the series
 * of an event never changes).
 *
 * <p>Written straight as line protocol (tags and fields in key order) with {@link PointLine}'s escaping and
 * cleaned tag values, appended into one buffer per batch: building a client {@code Point} per correlation,
 * with its two sorted maps and a number formatter per float, cost more than InfluxDB took to store the batch.
 */
public class CorrelationPoints {

    public static final String MEASUREMENT = "event_energy_correlation";
    /** Tag value when Home Assistant recorded no previous state (a tag cannot be empty). */
    public static final String UNKNOWN_STATE = "unknown";

    /** Points in a batch: one confirmed write each, small enough for any InfluxDB's request limit. */
    public static final int BATCH_SIZE = 5000;

    /**
     * One write's worth: correlations in time order and, in the range's last write only, the other points that must
     * land with them (see {@code Watermark.pointsWithLastBatch}).
     */
    public record Batch(List<Correlation> correlations, List<String> otherLines) {
    }

    /**
     * The correlations in batches of at most {@value #BATCH_SIZE}, in time order, one write each; the last carries
     * {@code withLastBatch} too. Nothing to write: no batch.
     */
    public List<Batch> batches(@Body List<Correlation> correlations,
            @ExchangeProperty(RouteNames.POINTS_WITH_LAST_BATCH) List<String> withLastBatch, Exchange exchange) {
        // What lands of them is counted afresh for each range (landed, and RefusedPoints).
        exchange.setProperty(RouteNames.LANDED, new Landed());
        return batchesOf(correlations, withLastBatch);
    }

    /** The batches alone (one name apart from the route's: Camel picks a bean's method by name). */
    public static List<Batch> batchesOf(List<Correlation> correlations, List<String> withLastBatch) {
        List<Batch> batches = new ArrayList<>();
        for (int from = 0; from < correlations.size(); from += BATCH_SIZE) {
            batches.add(new Batch(List.copyOf(correlations.subList(from, Math.min(correlations.size(), from + BATCH_SIZE))),
                    List.of()));
        }
        if (withLastBatch != null && !withLastBatch.isEmpty()) {
            Batch last = batches.isEmpty() ? new Batch(List.of(), List.of()) : batches.remove(batches.size() - 1);
            batches.add(new Batch(last.correlations(), List.copyOf(withLastBatch)));
        }
        return batches;
    }

    /** One batch as the records camel-influxdb2 writes (line protocol, nanosecond timestamps). */
    public Records toLineProtocol(@Body Batch batch) {
        List<String> lines = lines(batch.correlations());
        lines.addAll(batch.otherLines());
        return PointLine.records(lines);
    }

    /**
     * The batch's correlations that landed, counted as written in the cycle: all but those whose line InfluxDB
     * refused (see {@link RefusedPoints}).
     */
    public List<Correlation> landed(@ExchangeProperty("correlations") List<Correlation> batch,
            @ExchangeProperty(RouteNames.REFUSED_LINES) Set<String> refused, @ExchangeProperty(RouteNames.LANDED) Landed landed) {
        List<Correlation> kept = batch;
        if (refused != null && !refused.isEmpty()) {
            StringBuilder line = new StringBuilder(256);
            kept = batch.stream().filter(c -> {
                line.setLength(0);
                return !refused.contains(line(c, line).toString());
            }).toList();
        }
        landed.written(kept.size());
        return kept;
    }

    /** One line of line protocol per correlation. */
    public static List<String> lines(List<Correlation> batch) {
        List<String> lines = new ArrayList<>(batch.size());
        StringBuilder line = new StringBuilder(256);
        for (Correlation c : batch) {
            line.setLength(0);
            lines.add(line(c, line).toString());
        }
        return lines;
    }

    static StringBuilder line(Correlation c, StringBuilder sb) {
        StateChange change = c.change();
        sb.append(MEASUREMENT);
        PointLine.appendTag(sb, "domain", change.domain());
        PointLine.appendTag(sb, "entity_id", change.entityId());
        PointLine.appendTag(sb, "previous_state", change.previousState() == null || change.previousState().isEmpty()
                ? UNKNOWN_STATE : change.previousState());
        PointLine.appendTag(sb, "state", change.state());
        sb.append(' ');
        int fieldsAt = sb.length();
        PointLine.appendField(sb, fieldsAt, "confidence", c.confidence());
        PointLine.appendField(sb, fieldsAt, "estimate_source", c.estimateSource());
        PointLine.appendField(sb, fieldsAt, "overlapping_events", (long) c.overlappingEvents());
        PointLine.appendField(sb, fieldsAt, "power_after_w", c.powerAfterW());
        PointLine.appendField(sb, fieldsAt, "power_before_w", c.powerBeforeW());
        PointLine.appendField(sb, fieldsAt, "power_delta_pct", c.powerDeltaPct());
        PointLine.appendField(sb, fieldsAt, "power_delta_uncertainty_w", Confidence.uncertaintyW(c.confidence(), c.powerDeltaW()));
        PointLine.appendField(sb, fieldsAt, "power_delta_w", c.powerDeltaW());
        return sb.append(' ').append(MeterWindow.toNanos(change.time()));
    }
}
