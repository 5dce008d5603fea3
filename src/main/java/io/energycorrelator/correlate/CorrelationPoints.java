package io.energycorrelator.correlate;

import io.energycorrelator.model.Correlation;
import io.energycorrelator.model.MeterWindow;
import io.energycorrelator.model.StateChange;
import org.apache.camel.component.influxdb2.data.Records;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The output schema: one {@code event_energy_correlation} point per correlation, at the event's
 * time, so that writing the same event again lands on the same series and timestamp. Besides the
 * original fields: {@code overlapping_events} (integer), {@code confidence} (float, 0..1) and
 * {@code estimate_source} (string: {@code meter} or {@code profile}; a field, not a tag, so that the series
 * of an event never changes).
 *
 * <p>Written straight as line protocol, exactly as the InfluxDB client's {@code Point} would write it (tags
 * and fields in key order, the same escaping, a float as its shortest decimal digits in plain notation):
 * building a Point per correlation, with its two sorted maps and a number formatter per float, cost more
 * than InfluxDB took to store the batch.
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

    /** One batch as the records camel-influxdb2 writes (line protocol, nanosecond timestamps). */
    public Records toLineProtocol(List<Correlation> batch) {
        Records records = new Records();
        lines(batch).forEach(records::addRecord);
        return records;
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
        tag(sb, "domain", change.domain());
        tag(sb, "entity_id", change.entityId());
        tag(sb, "previous_state", change.previousState() == null ? UNKNOWN_STATE : change.previousState());
        tag(sb, "state", change.state());
        sb.append(' ');
        int fieldsAt = sb.length();
        field(sb, fieldsAt, "confidence", c.confidence());
        stringField(sb, fieldsAt, "estimate_source", c.estimateSource());
        sb.append(sb.length() > fieldsAt ? "," : "").append("overlapping_events=").append((long) c.overlappingEvents()).append('i');
        field(sb, fieldsAt, "power_after_w", c.powerAfterW());
        field(sb, fieldsAt, "power_before_w", c.powerBeforeW());
        field(sb, fieldsAt, "power_delta_pct", c.powerDeltaPct());
        field(sb, fieldsAt, "power_delta_w", c.powerDeltaW());
        return sb.append(' ').append(MeterWindow.toNanos(change.time()));
    }

    /** A tag; an empty value is left out (a tag cannot be empty). */
    private static void tag(StringBuilder sb, String key, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        sb.append(',').append(key).append('=');
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case ' ', ',', '=' -> sb.append('\\').append(ch);
                default -> sb.append(ch);
            }
        }
    }

    /** A string field, quoted; its quotes and backslashes escaped. Null is left out. */
    private static void stringField(StringBuilder sb, int fieldsAt, String key, String value) {
        if (value == null) {
            return;
        }
        if (sb.length() > fieldsAt) {
            sb.append(',');
        }
        sb.append(key).append("=\"");
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == '"' || ch == '\\') {
                sb.append('\\');
            }
            sb.append(ch);
        }
        sb.append('"');
    }

    /** A float field; NaN and infinity are left out (line protocol has no way to write them). */
    private static void field(StringBuilder sb, int fieldsAt, String key, double value) {
        if (!Double.isFinite(value)) {
            return;
        }
        if (sb.length() > fieldsAt) {
            sb.append(',');
        }
        sb.append(key).append('=');
        String digits = Double.toString(value);
        if (digits.indexOf('E') < 0) {
            sb.append(digits); // already plain, with at least one fraction digit
            return;
        }
        String plain = new BigDecimal(digits).stripTrailingZeros().toPlainString();
        sb.append(plain).append(plain.indexOf('.') < 0 ? ".0" : "");
    }
}
