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
 * Rows outside that range (the look-back for late rows, and the neighbours within the overlap reach) are kept
 * up to {@code keep} on each side, those nearest the range: a burst of state changes just before or after a
 * cycle cannot make it hold more than three times its maximum. (A neighbour left out only lowers an overlap
 * count that is above zero anyway; a look-back row left out is looked at by a later cycle, or counted as
 * {@code too_late} once it leaves the window.)
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
    /** The kept rows before the range, earliest first, and after it, latest first: the ones to give up. */
    private final PriorityQueue<Key> earliestBefore = new PriorityQueue<>(Comparator.comparing(Key::time));
    private final PriorityQueue<Key> latestAfter = new PriorityQueue<>(Comparator.comparing(Key::time).reversed());
    private boolean cutBefore;
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
            boolean kept;
            if (key.time().isAfter(after) && !key.time().isAfter(until)) {
                kept = keepNearest(latestInRange, key, true);
            } else if (keep == 0) {
                kept = true; // keeps every row
            } else if (!key.time().isAfter(after)) {
                kept = keepNearest(earliestBefore, key, false);
            } else {
                kept = keepNearest(latestAfter, key, true);
            }
            if (!kept) {
                countSeries(key, row);
                return; // farther from the range than every row kept: never needed
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

    /**
     * Keeps a new row among at most {@code keep} in the queue, whose head is the row farthest from the range
     * ({@code later}: the latest is farthest). False when the new row is the farthest of all.
     */
    private boolean keepNearest(PriorityQueue<Key> queue, Key key, boolean later) {
        if (queue.size() == keep) {
            Key farthest = queue.peek();
            boolean fartherStill = later ? !key.time().isBefore(farthest.time()) : !key.time().isAfter(farthest.time());
            if (fartherStill) {
                cutBefore |= queue == earliestBefore;
                return false;
            }
            queue.poll();
            cutBefore |= queue == earliestBefore;
            fields.remove(farthest);
            duplicates.remove(farthest);
        }
        queue.add(key);
        return true;
    }

    /**
     * When rows before the range were given up: the time of the earliest kept there (rows at that instant may be
     * missing too); null when every row before the range was kept.
     */
    Instant earliestKeptBeforeIfCut() {
        return keep > 0 && cutBefore ? earliestBefore.peek().time() : null;
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
