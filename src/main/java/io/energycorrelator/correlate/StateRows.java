package io.energycorrelator.correlate;

import io.energycorrelator.config.Schema;
import io.energycorrelator.influx.FluxRow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Joins the state and previous-state records of the state-change query into one row per state change
 * (entity tag, domain, time), as a pivot on the server would, and sorts them by time. A second record of
 * the same field for the same entity and time (two series, e.g. with different extra tags) is counted on the
 * row as a duplicate.
 *
 * <p>Of the rows in the range a cycle may take, it keeps only the earliest {@code keep} (the cycle's maximum
 * + 1, enough to tell where a cut cycle ends): a cycle's memory is bounded by its maximum, however many state
 * changes wait. A row whose time is not earlier than the latest kept one can never need to come back, so
 * the rows kept are exactly the earliest (those sharing the last kept instant aside, which a cut drops anyway).
 * Rows outside that range (the neighbours within the overlap reach) are all kept.
 */
final class StateRows {

    /** One state change as stored, before it is checked. */
    record Row(Instant time, String entityTag, String domain, String state, String previous, int duplicates) {
        @Override
        public String toString() {
            return "{time=" + time + ", entity=" + entityTag + ", domain=" + domain + ", state=" + state
                    + ", previous=" + previous + "}";
        }
    }

    private record Key(String entityTag, String domain, Instant time) {
    }

    /** The columns {@link #add} reads, in the order of the indexes below. */
    private static final int TIME = 0;
    private static final int FIELD = 1;
    private static final int VALUE = 2;
    private static final int ENTITY = 3;
    private static final int DOMAIN = 4;

    private final Schema schema;
    private final Instant after;
    private final Instant until;
    private final int keep;
    /** The kept rows of the range, latest first: the one to give up when an earlier one comes. */
    private final PriorityQueue<Key> latestInRange = new PriorityQueue<>(Comparator.comparing(Key::time).reversed());
    private final Map<Key, String[]> fields = new HashMap<>();
    private final Map<Key, Integer> duplicates = new HashMap<>();
    private final Map<Series, Integer> perSeries = new HashMap<>();
    /** Entities, domains and states repeat row after row: one String each (a big cycle holds them all). */
    private final Map<String, String> strings = new HashMap<>();

    /** Records are limited per series (measurement, tags, field): counted here by what the rows keep of it. */
    private record Series(String entityTag, String domain, String field) {
    }

    /** Keeps every row. */
    StateRows(Schema schema) {
        this(schema, Instant.MIN, Instant.MIN, 0);
    }

    /** Keeps, of the rows in (after, until], the earliest {@code keep}; every row outside. */
    StateRows(Schema schema, Instant after, Instant until, int keep) {
        this.schema = schema;
        this.after = after;
        this.until = until;
        this.keep = keep;
    }

    /** The columns of the state-change query that {@link #add} reads. */
    static List<String> columns(Schema schema) {
        return List.of("_time", "_field", "_value", schema.entityTag(), schema.domainTag());
    }

    /** Takes one row of the query's result (with {@link #columns}). */
    void add(FluxRow row) {
        Key key = new Key(shared(text(row.text(ENTITY))), shared(text(row.text(DOMAIN))), row.time(TIME));
        String[] values = fields.get(key);
        if (values == null) {
            if (key.time().isAfter(after) && !key.time().isAfter(until)) {
                if (latestInRange.size() == keep) {
                    Key latest = latestInRange.peek();
                    if (!key.time().isBefore(latest.time())) {
                        countSeries(key, row);
                        return; // later than every row kept: never needed
                    }
                    latestInRange.poll();
                    fields.remove(latest);
                    duplicates.remove(latest);
                }
                latestInRange.add(key);
            }
            values = new String[2];
            fields.put(key, values);
        }
        String field = countSeries(key, row);
        int slot = schema.stateField().equals(field) ? 0 : 1;
        if (values[slot] != null && slot == 0) {
            duplicates.merge(key, 1, Integer::sum);
        } else if (values[slot] == null) {
            values[slot] = shared(text(row.value(VALUE)));
        }
    }

    /** Counts the record in its series; returns its field. */
    private String countSeries(Key key, FluxRow row) {
        String field = row.text(FIELD);
        perSeries.merge(new Series(key.entityTag(), key.domain(), field), 1, Integer::sum);
        return field;
    }

    /** Whether a series gave {@code limit} records or more: it may have had more than the query let through. */
    boolean seriesReached(int limit) {
        return perSeries.values().stream().anyMatch(n -> n >= limit);
    }

    /** The rows, oldest first. */
    List<Row> sorted() {
        List<Row> rows = new ArrayList<>(fields.size());
        fields.forEach((key, values) -> rows.add(new Row(key.time(), key.entityTag(), key.domain(), values[0], values[1],
                duplicates.getOrDefault(key, 0))));
        rows.sort(Comparator.comparing(Row::time));
        return rows;
    }

    private String shared(String text) {
        return text == null ? null : strings.computeIfAbsent(text, t -> t);
    }

    static String text(Object value) {
        return value == null || value.toString().isBlank() ? null : value.toString();
    }
}
