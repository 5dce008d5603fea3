package io.energycorrelator.influx;

import com.influxdb.query.exceptions.FluxQueryException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads InfluxDB's annotated CSV (the datatype annotation only) as it streams in, and hands each data row
 * over as a {@link FluxRow} of the columns asked for. Nothing else is parsed: no record map, no timestamp
 * the caller does not read. Quoted cells may hold commas, quotes and line breaks (RFC 4180). A table
 * block starts after a blank line, with its annotation and header rows; an error reported inside a
 * successful response ({@code error,reference} columns) is thrown as the client throws it.
 *
 * <p>Why ours: speed; with the client's FluxRecord parser instead, a warm cycle's CPU was ×2 at 1,000 (46–69 → 109–113 ms) and +60–80 % at 10,000 (312–353 → 513–623 ms), peak RSS +8 / +20 MB (docs/development.md).
 */
final class FluxCsv implements FluxRow {

    private final InputStream in;
    private final List<String> wanted;
    private final byte[] buffer = new byte[16 * 1024];
    private int position;
    private int limit;

    /** The current record: cells unquoted one after another in {@code cells}, bounds per cell. */
    private byte[] cells = new byte[1024];
    private int length;
    private int[] starts = new int[32];
    private int[] ends = new int[32];
    private int count;

    /** Per wanted column: its cell index in the current table, or -1; and that column's datatype. */
    private final int[] index;
    private final String[] datatype;
    private String[] datatypes = new String[0];

    FluxCsv(InputStream in, List<String> wanted) {
        this.in = in;
        this.wanted = wanted;
        this.index = new int[wanted.size()];
        this.datatype = new String[wanted.size()];
        Arrays.fill(index, -1);
    }

    void forEachRow(Consumer<FluxRow> consumer) throws IOException {
        boolean header = true;
        boolean error = false;
        while (nextRecord()) {
            if (count == 1 && starts[0] == ends[0]) { // a blank line: the next table block follows
                header = true;
                continue;
            }
            if (starts[0] != ends[0] && cells[starts[0]] == '#') {
                if (cellEquals(0, "#datatype")) {
                    datatypes = new String[count];
                    for (int i = 0; i < count; i++) {
                        datatypes[i] = string(i);
                    }
                }
                header = true;
                continue;
            }
            if (header) {
                header = false;
                error = count >= 3 && cellEquals(1, "error") && cellEquals(2, "reference");
                Arrays.fill(index, -1);
                for (int i = 0; i < count; i++) {
                    int w = wanted.indexOf(string(i));
                    if (w >= 0) {
                        index[w] = i;
                        datatype[w] = i < datatypes.length ? datatypes[i] : "string";
                    }
                }
                continue;
            }
            if (error) {
                String reference = count > 2 ? string(2) : "";
                throw new FluxQueryException(count > 1 ? string(1) : "", reference.isEmpty() ? 0 : Integer.parseInt(reference));
            }
            consumer.accept(this);
        }
    }

    // --- FluxRow: the current data row -------------------------------------------------------------

    @Override
    public String text(int column) {
        int i = index[column];
        return i < 0 || i >= count || starts[i] == ends[i] ? null : string(i);
    }

    @Override
    public Object value(int column) {
        String text = text(column);
        if (text == null) {
            return null;
        }
        return switch (datatype[column]) {
            case "boolean" -> Boolean.valueOf(text);
            case "unsignedLong" -> Long.parseUnsignedLong(text);
            case "long" -> Long.parseLong(text);
            case "double" -> parseDouble(text);
            case "base64Binary" -> Base64.getDecoder().decode(text);
            case "dateTime:RFC3339", "dateTime:RFC3339Nano" -> time(column);
            case "duration" -> Duration.ofNanos(Long.parseUnsignedLong(text));
            default -> text;
        };
    }

    @Override
    public boolean isNumber(int column) {
        int i = index[column];
        return i >= 0 && i < count && starts[i] != ends[i]
                && ("double".equals(datatype[column]) || "long".equals(datatype[column]) || "unsignedLong".equals(datatype[column]));
    }

    @Override
    public double number(int column) {
        int i = index[column];
        if ("double".equals(datatype[column])) {
            double read = plainDecimal(cells, starts[i], ends[i]);
            if (!Double.isNaN(read)) {
                return read;
            }
        }
        String text = ascii(i);
        return switch (datatype[column]) {
            case "long" -> Long.parseLong(text);
            case "unsignedLong" -> Long.parseUnsignedLong(text);
            default -> parseDouble(text);
        };
    }

    private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13,
        1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    /**
     * A meter reading as InfluxDB writes most of them ({@code -2450.5}), read from the bytes: at most 15
     * significant digits and 22 decimals, whose digits and power of ten are both exact doubles, so that one
     * correctly rounded division gives exactly what {@link Double#parseDouble} gives. NaN for anything else
     * (an exponent, infinity, more digits), which is then left to it.
     */
    static double plainDecimal(byte[] b, int from, int to) {
        int i = from;
        boolean negative = i < to && b[i] == '-';
        if (negative) {
            i++;
        }
        long digits = 0;
        int decimals = 0;
        boolean point = false;
        boolean any = false;
        for (; i < to; i++) {
            int c = b[i];
            if (c >= '0' && c <= '9') {
                if (digits >= 100_000_000_000_000L) { // a 16th significant digit
                    return Double.NaN;
                }
                digits = digits * 10 + (c - '0');
                any = true;
                if (point) {
                    decimals++;
                }
            } else if (c == '.' && !point) {
                point = true;
            } else {
                return Double.NaN;
            }
        }
        if (!any || decimals >= POWERS_OF_TEN.length) {
            return Double.NaN;
        }
        double value = digits / POWERS_OF_TEN[decimals];
        return negative ? -value : value;
    }

    @Override
    public long timeNanos(int column) {
        int i = index[column];
        if (i < 0 || i >= count || starts[i] == ends[i]) {
            throw new IllegalStateException("no time in column " + wanted.get(column));
        }
        long nanos = Rfc3339.nanos(cells, starts[i], ends[i]);
        return nanos != Rfc3339.UNPARSED ? nanos : toNanos(Instant.parse(ascii(i)));
    }

    private static long toNanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    private static double parseDouble(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    private String string(int i) {
        return new String(cells, starts[i], ends[i] - starts[i], StandardCharsets.UTF_8);
    }

    private String ascii(int i) {
        return new String(cells, starts[i], ends[i] - starts[i], StandardCharsets.ISO_8859_1);
    }

    private boolean cellEquals(int i, String ascii) {
        if (i >= count || ends[i] - starts[i] != ascii.length()) {
            return false;
        }
        for (int k = 0; k < ascii.length(); k++) {
            if (cells[starts[i] + k] != ascii.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    // --- the CSV record reader -------------------------------------------------------------------------

    /** Reads the next record into {@link #cells}; false at the end of the input. */
    private boolean nextRecord() throws IOException {
        int c = read();
        if (c < 0) {
            return false;
        }
        length = 0;
        count = 0;
        while (true) {
            int start = length;
            if (c == '"') {
                while (true) {
                    c = read();
                    if (c < 0) {
                        throw new IOException("the query's result ended inside a quoted cell");
                    }
                    if (c == '"') {
                        c = read();
                        if (c != '"') {
                            break; // the closing quote; c is what follows it
                        }
                    }
                    append(c);
                }
            } else {
                while (c != ',' && c != '\n' && c != '\r' && c >= 0) {
                    append(c);
                    c = read();
                }
            }
            addCell(start, length);
            if (c == ',') {
                c = read();
                continue;
            }
            if (c == '\r' && peek() == '\n') {
                read();
            }
            return true;
        }
    }

    private int read() throws IOException {
        if (position == limit) {
            limit = in.read(buffer, 0, buffer.length);
            position = 0;
            if (limit <= 0) {
                limit = 0;
                return -1;
            }
        }
        return buffer[position++] & 0xff;
    }

    private int peek() throws IOException {
        int c = read();
        if (c >= 0) {
            position--;
        }
        return c;
    }

    private void append(int c) {
        if (length == cells.length) {
            cells = Arrays.copyOf(cells, length * 2);
        }
        cells[length++] = (byte) c;
    }

    private void addCell(int start, int end) {
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
        }
        starts[count] = start;
        ends[count++] = end;
    }
}
