package io.energycorrelator.influx;

import io.energycorrelator.config.Settings;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Builds the Flux queries of a cycle. Every value that enters a query passes through {@link #string}, the
 * only place that quotes; names were already restricted to safe characters by {@link Settings}.
 */
public final class FluxQueries {

    private final Settings settings;

    public FluxQueries(Settings settings) {
        this.settings = settings;
    }

    /** The state changes of the tracked domains in [start, stop), one row per change, oldest first. */
    public String stateChanges(Instant start, Instant stop) {
        return from(start, stop)
                + "  |> filter(fn: (r) => r._measurement == " + string(settings.eventMeasurement()) + ")\n"
                + "  |> filter(fn: (r) => " + anyOf("r.domain", settings.domains()) + ")\n"
                + "  |> filter(fn: (r) => r._field == \"state_value\" or r._field == \"previous_state\")\n"
                + "  |> pivot(rowKey: [\"_time\"], columnKey: [\"_field\"], valueColumn: \"_value\")\n"
                + "  |> group()\n"
                + "  |> keep(columns: [\"_time\", \"entity_id\", \"domain\", \"state_value\", \"previous_state\"])\n"
                + "  |> sort(columns: [\"_time\"])\n";
    }

    /** Every meter reading in [start, stop); the caller sorts (series of different types stay apart here). */
    public String meterReadings(Instant start, Instant stop) {
        return from(start, stop)
                + "  |> filter(fn: (r) => r._measurement == " + string(settings.meterMeasurement())
                + " and r._field == " + string(settings.meterField()) + ")\n"
                + "  |> keep(columns: [\"_time\", \"_value\"])\n";
    }

    private String from(Instant start, Instant stop) {
        return "from(bucket: " + string(settings.influxBucket()) + ")\n"
                + "  |> range(start: " + time(start) + ", stop: " + time(stop) + ")\n";
    }

    private static String anyOf(String column, List<String> values) {
        return values.stream().map(v -> column + " == " + string(v)).collect(Collectors.joining(" or "));
    }

    /** An RFC 3339 time literal; Instant.toString() yields only digits, '-', ':', '.', 'T' and 'Z'. */
    private static String time(Instant instant) {
        return instant.toString();
    }

    /** A Flux string literal: backslash, double quote and "${" (interpolation) are escaped. */
    static String string(String value) {
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
