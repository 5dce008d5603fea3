package io.energycorrelator.influx;

import java.time.Instant;

/**
 * One row of a query's result, as {@link StreamingQuery} hands it over: only the columns the caller asked
 * for, by their index in its list, each parsed when it is read. A view, valid only during the call it is
 * handed to. Values are typed by the column's datatype as the InfluxDB client types them.
 */
public interface FluxRow {

    /** The cell's text, or null when it is empty or the column is not in this table. */
    String text(int column);

    /** The cell as the InfluxDB client would type it (Double, Long, Boolean, Instant, String...), or null when empty. */
    Object value(int column);

    /** Whether the cell holds a number (a double, long or unsigned long column, not empty). */
    boolean isNumber(int column);

    /** The cell of a number column as a double; only where {@link #isNumber} says so. */
    double number(int column);

    /** A time cell (RFC 3339) in nanoseconds since the epoch. */
    long timeNanos(int column);

    /** A time cell (RFC 3339) as an Instant. */
    default Instant time(int column) {
        return Instant.ofEpochSecond(0, timeNanos(column));
    }
}
