package io.energycorrelator.influx;

import io.energycorrelator.config.Schema;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Builds the Flux queries. Every value that enters a query passes through {@link #string} (the only place
 * that quotes) or is an {@link Instant} (rendered as an RFC 3339 literal); names were restricted to safe
 * characters when the settings were read.
 *
 * <p>Why ours: the client's query parameters ({@code params}) are served by InfluxDB Cloud only, not by OSS 2.x nor 1.8, so values are quoted here (FluxInjectionIT).
 */
public final class FluxQueries {

    private final String bucket;
    private final Schema schema;

    public FluxQueries(String bucket, Schema schema) {
        this.bucket = bucket;
        this.schema = schema;
    }

    /**
     * The state-change records in (after, until]: one row per field (the state and, where the layout has one,
     * the previous state), with columns _time, _field, _value and the entity and domain tags; at most
     * {@code limit} rows of each stored series, its oldest (limit comes before keep: keep merges series into
     * one table whose rows are no longer in time order). The caller joins the fields and sorts: a pivot and
     * a global sort on the server cost more than the whole rest of a cycle.
     */
    public String stateChanges(Instant after, Instant until, int limit) {
        return stateChangeRows(after, until, stateFields())
                + "  |> limit(n: " + limit + ")\n"
                + keepStateColumns();
    }

    /**
     * The state-change records (shaped as {@link #stateChanges}) in two ranges, (a1, a2] and (b1, b2]: the
     * neighbours just outside a cycle, which can overlap the windows of its first and last state changes.
     */
    public String neighbouringStateChanges(Instant a1, Instant a2, Instant b1, Instant b2) {
        return "union(tables: [\n"
                + indent(stateChangeRows(a1, a2, stateFields()) + keepStateColumns()) + ",\n"
                + indent(stateChangeRows(b1, b2, stateFields()) + keepStateColumns())
                + "])\n";
    }

    private List<String> stateFields() {
        return schema.derivesPreviousState() ? List.of(schema.stateField())
                : List.of(schema.stateField(), schema.previousStateField());
    }

    private String keepStateColumns() {
        return "  |> keep(columns: " + list(List.of("_time", "_field", "_value", schema.entityTag(), schema.domainTag())) + ")\n";
    }

    /** How many state changes (records of the state field) are in (after, until]. */
    public String countStateChanges(Instant after, Instant until) {
        return stateChangeRows(after, until, List.of(schema.stateField()))
                + "  |> keep(columns: [\"_time\", \"_value\"])\n"
                + "  |> group()\n"
                + "  |> count()\n";
    }

    /**
     * How many records of the state field each minute of (after, until] holds, per stored series: columns
     * _time (the end of the minute, or {@code until}) and _value. Counted in InfluxDB's storage, not row by row.
     */
    public String stateRecordsPerMinute(Instant after, Instant until) {
        return stateChangeRows(after, until, List.of(schema.stateField()))
                + "  |> aggregateWindow(every: 1m, fn: count, createEmpty: false)\n"
                + "  |> keep(columns: [\"_time\", \"_value\"])\n";
    }

    /**
     * The correlations written for state changes in (after, until]: columns _time, entity_id, domain, state and
     * previous_state (one row per correlation: its power_delta_w field).
     */
    public String correlationsIn(String measurement, Instant after, Instant until) {
        return from(after.plusNanos(1), until.plusNanos(1))
                + "  |> filter(fn: (r) => r._measurement == " + string(measurement) + " and r._field == \"power_delta_w\")\n"
                + "  |> keep(columns: [\"_time\", \"entity_id\", \"domain\", \"state\", \"previous_state\"])\n";
    }

    private static String indent(String flux) {
        return flux.lines().map(l -> "  " + l).collect(Collectors.joining("\n"));
    }

    /**
     * For layouts without a previous-state field: each tracked entity's last state at or before
     * {@code atOrBefore} (columns: _time, _value = the state, the entity and domain tags).
     */
    public String lastStatesAtOrBefore(Instant atOrBefore) {
        return from(Instant.EPOCH, atOrBefore.plusNanos(1))
                + eventFilters(List.of(schema.stateField()))
                + "  |> last()\n"
                + "  |> keep(columns: " + list(List.of("_time", "_value", schema.entityTag(), schema.domainTag())) + ")\n";
    }

    /**
     * A climate attribute stored as a field beside the state (e.g. Home Assistant's {@code hvac_action_str}): its
     * records in [start, stop) and, per series, its last record before {@code start} (columns _time, _value, the
     * entity and domain tags). Read apart from the state changes, so that the cycle's query stays as it is.
     */
    public String climateAttribute(String field, Instant start, Instant stop) {
        String keep = "  |> keep(columns: " + list(List.of("_time", "_value", schema.entityTag(), schema.domainTag())) + ")\n";
        String filters = eventFilters(List.of(field), List.of("climate"));
        return "union(tables: [\n"
                + indent(from(Instant.EPOCH, start) + filters + "  |> last()\n" + keep) + ",\n"
                + indent(from(start, stop) + filters + keep)
                + "])\n";
    }

    /**
     * The records of the given fields in (after, until]. A record matches when its domain tag is tracked,
     * or (where the entity tag holds the full id) its entity starts with a tracked domain: a record whose
     * domain tag is missing or wrong is then seen, and skipped with its reason, rather than silently passed over.
     */
    private String stateChangeRows(Instant after, Instant until, List<String> fields) {
        return from(after.plusNanos(1), until.plusNanos(1))
                + eventFilters(fields);
    }

    /**
     * Filters on measurement, fields and tracked domains. Written as tag equalities and one tag regex, which
     * InfluxDB pushes down to its storage: the same test written with contains() or strings.hasPrefix() is
     * evaluated row by row and made the whole query six times slower. The regex holds only domain names,
     * which the settings restrict to [a-z0-9_].
     */
    private String eventFilters(List<String> fields) {
        return eventFilters(fields, schema.trackedDomains());
    }

    private String eventFilters(List<String> fields, List<String> domains) {
        String domain = "r[" + string(schema.domainTag()) + "]";
        String matchesDomain = domains.stream().map(d -> domain + " == " + string(d)).collect(Collectors.joining(" or "));
        String matchesEntity = " or r[" + string(schema.entityTag()) + "] =~ /^(" + String.join("|", domains) + ")\\./";
        return (schema.eventMeasurement().isEmpty() ? ""
                        : "  |> filter(fn: (r) => r._measurement == " + string(schema.eventMeasurement()) + ")\n")
                + "  |> filter(fn: (r) => " + fields.stream().map(f -> "r._field == " + string(f))
                        .collect(Collectors.joining(" or ")) + ")\n"
                + "  |> filter(fn: (r) => " + matchesDomain + (schema.entityTagHasDomain() ? matchesEntity : "") + ")\n";
    }

    /** Every meter reading in [start, stop); the caller sorts them and drops a second reading at one instant. */
    public String meterReadings(Instant start, Instant stop) {
        return meterRows(start, stop) + KEEP_TIME_AND_VALUE;
    }

    /**
     * The readings that may hold over the silent edges of a meter window: of each stored meter series, the last
     * reading in [lastStart, lastStop) and the first in [firstStart, firstStop) (columns _time, _value); a
     * range whose start is null is not asked for. At most two rows a series, whatever the ranges span.
     */
    public String heldMeterReadings(Instant lastStart, Instant lastStop, Instant firstStart, Instant firstStop) {
        List<String> parts = new java.util.ArrayList<>();
        if (lastStart != null) {
            parts.add(meterRows(lastStart, lastStop) + "  |> last()\n" + KEEP_TIME_AND_VALUE);
        }
        if (firstStart != null) {
            parts.add(meterRows(firstStart, firstStop) + "  |> first()\n" + KEEP_TIME_AND_VALUE);
        }
        if (parts.size() < 2) {
            return parts.stream().findFirst().orElseThrow(() -> new IllegalArgumentException("no range asked for"));
        }
        return "union(tables: [\n" + parts.stream().map(FluxQueries::indent).collect(Collectors.joining(",\n")) + "])\n";
    }

    private static final String KEEP_TIME_AND_VALUE = "  |> keep(columns: [\"_time\", \"_value\"])\n";

    private String meterRows(Instant start, Instant stop) {
        return from(start, stop)
                + "  |> filter(fn: (r) => r._measurement == " + string(schema.meterMeasurement())
                + " and r._field == " + string(schema.meterField())
                + (schema.meterEntityTag().isEmpty() ? ""
                        : " and r[" + string(schema.meterEntityTag()) + "] == " + string(schema.meterEntityId()))
                + ")\n";
    }

    /**
     * The first or the last meter reading before {@code stop} (column _time). first() and last() straight after
     * the filters are pushed down to InfluxDB's storage: the scan from 1970 reads one block (about 10 ms on 90
     * days of readings every 10 s; the same selectors under a union() were not pushed down and took 70-230 ms).
     */
    public String meterEdge(Instant stop, boolean last) {
        return from(Instant.EPOCH, stop)
                + "  |> filter(fn: (r) => r._measurement == " + string(schema.meterMeasurement())
                + " and r._field == " + string(schema.meterField())
                + (schema.meterEntityTag().isEmpty() ? ""
                        : " and r[" + string(schema.meterEntityTag()) + "] == " + string(schema.meterEntityId()))
                + ")\n"
                + "  |> " + (last ? "last" : "first") + "()\n";
    }

    /** The first record of each series of the state field before {@code stop} (column _time), pushed down as above. */
    public String firstStateRows(Instant stop) {
        return from(Instant.EPOCH, stop)
                + eventFilters(List.of(schema.stateField()))
                + "  |> first()\n";
    }

    /** The times in [start, stop) at which a measurement's boolean field is false (columns _time, _value). */
    public String timesWhereFalse(String measurement, String field, Instant start, Instant stop) {
        return from(start, stop)
                + "  |> filter(fn: (r) => r._measurement == " + string(measurement) + " and r._field == " + string(field)
                + " and r._value == false)\n"
                + "  |> keep(columns: [\"_time\", \"_value\"])\n";
    }

    /** The largest value ever stored in a measurement's field (e.g. the furthest watermark), if any. */
    public String largestValue(String measurement, String field) {
        return from(Instant.EPOCH, Instant.parse("2262-04-11T00:00:00Z"))
                + "  |> filter(fn: (r) => r._measurement == " + string(measurement)
                + " and r._field == " + string(field) + ")\n"
                + "  |> group()\n"
                + "  |> max()\n";
    }

    /**
     * The newest point of each series of a measurement with one string field, e.g. each device profile's
     * recent steps: columns _value and the given tags.
     */
    public String newestOfEachSeries(String measurement, String field, List<String> tags) {
        List<String> columns = new java.util.ArrayList<>(List.of("_time", "_value"));
        columns.addAll(tags);
        return from(Instant.EPOCH, Instant.parse("2262-04-11T00:00:00Z"))
                + "  |> filter(fn: (r) => r._measurement == " + string(measurement) + " and r._field == " + string(field) + ")\n"
                + "  |> last()\n"
                + "  |> keep(columns: " + list(columns) + ")\n";
    }

    private String from(Instant start, Instant stop) {
        return "from(bucket: " + string(bucket) + ")\n"
                + "  |> range(start: " + time(start) + ", stop: " + time(stop) + ")\n";
    }

    private static String list(List<String> values) {
        return values.stream().map(FluxQueries::string).collect(Collectors.joining(", ", "[", "]"));
    }

    /** An RFC 3339 time literal; Instant.toString() yields only digits, '-', ':', '.', 'T' and 'Z'. */
    public static String time(Instant instant) {
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
