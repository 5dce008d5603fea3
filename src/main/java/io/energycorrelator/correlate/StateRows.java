package io.energycorrelator.correlate;

import com.influxdb.query.FluxRecord;
import io.energycorrelator.config.Schema;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins the state and previous-state records of the state-change query into one row per state change
 * (entity tag, domain, time), as a pivot on the server would, and sorts them by time. A second record of
 * the same field for the same entity and time (two series, e.g. with different extra tags) is counted on the
 * row as a duplicate.
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

    private final Schema schema;
    private final Map<Key, String[]> fields = new HashMap<>();
    private final Map<Key, Integer> duplicates = new HashMap<>();

    StateRows(Schema schema) {
        this.schema = schema;
    }

    /** Takes one record (called from the query's streaming thread, one at a time). */
    void add(FluxRecord record) {
        Key key = new Key(text(record.getValueByKey(schema.entityTag())), text(record.getValueByKey(schema.domainTag())),
                record.getTime());
        String[] values = fields.computeIfAbsent(key, k -> new String[2]);
        int slot = schema.stateField().equals(record.getField()) ? 0 : 1;
        if (values[slot] != null && slot == 0) {
            duplicates.merge(key, 1, Integer::sum);
        } else if (values[slot] == null) {
            values[slot] = text(record.getValue());
        }
    }

    /** The rows, oldest first. */
    List<Row> sorted() {
        List<Row> rows = new ArrayList<>(fields.size());
        fields.forEach((key, values) -> rows.add(new Row(key.time(), key.entityTag(), key.domain(), values[0], values[1],
                duplicates.getOrDefault(key, 0))));
        rows.sort(Comparator.comparing(Row::time));
        return rows;
    }

    static String text(Object value) {
        return value == null || value.toString().isBlank() ? null : value.toString();
    }
}
