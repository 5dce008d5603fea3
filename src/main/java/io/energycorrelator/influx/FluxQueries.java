package io.energycorrelator.influx;

import io.energycorrelator.config.Settings;
import io.energycorrelator.correlate.Watermark;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Builds the Flux queries. Every value that enters a query passes through {@link #string} (the only place
 * that quotes) or is an {@link Instant} (rendered as an RFC 3339 literal); names were restricted to safe
 * characters by {@link Settings}.
 */
public final class FluxQueries {

    private final Settings settings;

    public FluxQueries(Settings settings) {
        this.settings = settings;
    }

    /**
     * The state changes in (after, until], oldest first, at most {@code limit} rows. A row matches when its
     * domain tag is tracked or its entity id starts with a tracked domain, so that a record whose domain tag
     * is missing or wrong is seen (and skipped with its reason) rather than silently passed over.
     */
    public String stateChanges(Instant after, Instant until, int limit) {
        return stateChangeRows(after, until)
                + "  |> group()\n"
                + "  |> sort(columns: [\"_time\"])\n"
                + "  |> limit(n: " + limit + ")\n";
    }

    /** How many state-change rows are in (after, until]. */
    public String countStateChanges(Instant after, Instant until) {
        return stateChangeRows(after, until)
                + "  |> group()\n"
                + "  |> map(fn: (r) => ({r with _value: 1}))\n"
                + "  |> count()\n";
    }

    private String stateChangeRows(Instant after, Instant until) {
        List<String> domains = settings.domains();
        return "import \"strings\"\n"
                + from(after.plusNanos(1), until.plusNanos(1))
                + "  |> filter(fn: (r) => r._measurement == " + string(settings.eventMeasurement()) + ")\n"
                + "  |> filter(fn: (r) => r._field == \"state_value\" or r._field == \"previous_state\")\n"
                + "  |> filter(fn: (r) => (exists r.domain and contains(value: r.domain, set: " + list(domains) + "))"
                + " or (exists r.entity_id and ("
                + domains.stream().map(d -> "strings.hasPrefix(v: r.entity_id, prefix: " + string(d + ".") + ")")
                        .collect(Collectors.joining(" or "))
                + ")))\n"
                + "  |> pivot(rowKey: [\"_time\"], columnKey: [\"_field\"], valueColumn: \"_value\")\n"
                + "  |> keep(columns: [\"_time\", \"entity_id\", \"domain\", \"state_value\", \"previous_state\"])\n";
    }

    /** Every meter reading in [start, stop); the caller sorts (series of different types stay apart here). */
    public String meterReadings(Instant start, Instant stop) {
        return from(start, stop)
                + "  |> filter(fn: (r) => r._measurement == " + string(settings.meterMeasurement())
                + " and r._field == " + string(settings.meterField()) + ")\n"
                + "  |> keep(columns: [\"_time\", \"_value\"])\n";
    }

    /** The last stored watermark, if any. */
    public String lastWatermark() {
        return from(Instant.EPOCH, Instant.parse("2262-04-11T00:00:00Z"))
                + "  |> filter(fn: (r) => r._measurement == " + string(Watermark.MEASUREMENT)
                + " and r._field == " + string(Watermark.FIELD) + ")\n"
                + "  |> group()\n"
                + "  |> sort(columns: [\"_time\"])\n"
                + "  |> last()\n";
    }

    private String from(Instant start, Instant stop) {
        return "from(bucket: " + string(settings.influxBucket()) + ")\n"
                + "  |> range(start: " + time(start) + ", stop: " + time(stop) + ")\n";
    }

    private static String list(List<String> values) {
        return values.stream().map(FluxQueries::string).collect(Collectors.joining(", ", "[", "]"));
    }

    /** An RFC 3339 time literal; Instant.toString() yields only digits, '-', ':', '.', 'T' and 'Z'. */
    static String time(Instant instant) {
        return instant.toString();
    }

    /** A Flux string literal: backslash, double quote, control characters and "${" (interpolation) are escaped. */
    public static String string(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '$' -> out.append(i + 1 < value.length() && value.charAt(i + 1) == '{' ? "\\$" : "$");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
