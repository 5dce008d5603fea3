package io.energycorrelator.influx;

import org.apache.camel.component.influxdb2.data.Records;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * One point as a line of InfluxDB line protocol: the one place where every point the service writes
 * (correlations, the watermark, device profiles, daily energy) is escaped, so that no value can make a line
 * InfluxDB cannot parse.
 *
 * <p>Escaping, as InfluxDB 2 parses it: in the measurement a comma or space is preceded by a backslash; in
 * tag keys, tag values and field keys a comma, space or equals sign is, and any other backslash is written as
 * it is (InfluxDB reads it as itself); a string field value is quoted, its {@code "} and {@code \} preceded
 * by a backslash (line breaks, tabs and any other character stand as they are). A float is written as its shortest decimal digits in plain notation; NaN and infinity, which
 * line protocol cannot write, leave the field out.
 *
 * <p>What a tag value cannot hold is written in a cleaned form ({@link #cleanTag}), the same value always
 * giving the same form, and a value that needs no cleaning (every value Home Assistant writes) unchanged:
 * <ul>
 *   <li>a line break ends a point: each (CR LF, LF or CR) becomes one space (Flux hands a stored LF to its
 *       readers as CR LF, so the same state read back gets the same form);</li>
 *   <li>a backslash at the end of a tag value, or before a space, comma or equals sign in it, becomes
 *       {@code ＼} (U+FF3C, fullwidth reverse solidus), so {@code on\} is stored as {@code on＼} and
 *       {@code a\ b} as {@code a＼ b}: InfluxDB would read the first as escaping the separator after the
 *       value, and while it stores the second from {@code a\\ b}, its splitting of a batch into lines reads
 *       {@code \\} as an escaped backslash and the space after it as the end of the tags, which can merge or
 *       cut the lines around it;</li>
 *   <li>an empty value: the tag is left out, as InfluxDB itself would.</li>
 * </ul>
 * What cannot be cleaned is refused by InfluxDB (e.g. a series key over 65,535 bytes, such as a 64 KB
 * state as a tag) and skipped by the write route as {@code invalid_value}.
 *
 * <p>Why ours: the client's {@code Point} writes a tag value ending in a backslash as it is, which InfluxDB then refuses (PointLineTest); it is slower too: a warm cycle's CPU at 10,000 +15 % with it (312–353 → 386–403 ms), RSS +6–9 MB.
 */
public final class PointLine {

    /** Replaces, in a tag value, a backslash that InfluxDB would read as an escape. */
    static final char BACKSLASH_BEFORE_SEPARATOR = '\uFF3C';

    private final StringBuilder line;
    private int fieldsAt = -1;

    private PointLine(String measurement) {
        line = new StringBuilder(128);
        escape(line, measurement, false);
    }

    public static PointLine measurement(String measurement) {
        return new PointLine(measurement);
    }

    /** A tag: null or empty values are left out. Tags go before fields, best in key order. */
    public PointLine tag(String key, String value) {
        appendTag(line, key, value);
        return this;
    }

    /** The tags, in key order. */
    public PointLine tags(Map<String, String> tags) {
        new TreeMap<>(tags).forEach(this::tag);
        return this;
    }

    /** A float field; NaN and infinity are left out. */
    public PointLine field(String key, double value) {
        appendField(line, fieldStart(), key, value);
        return this;
    }

    /** An integer field. */
    public PointLine field(String key, long value) {
        appendField(line, fieldStart(), key, value);
        return this;
    }

    /** A string field; null is left out. */
    public PointLine field(String key, String value) {
        appendField(line, fieldStart(), key, value);
        return this;
    }

    /** The fields, in key order: Double or Float as floats, Long or Integer as integers, Boolean, else as text. */
    public PointLine fields(Map<String, ?> fields) {
        new TreeMap<String, Object>(fields).forEach((key, value) -> {
            if (value instanceof Double || value instanceof Float) {
                field(key, ((Number) value).doubleValue());
            } else if (value instanceof Long || value instanceof Integer) {
                field(key, ((Number) value).longValue());
            } else if (value instanceof Boolean b) {
                separateField(line, fieldStart());
                escape(line, key, true);
                line.append('=').append(b);
            } else if (value != null) {
                field(key, value.toString());
            }
        });
        return this;
    }

    /** The line, at a time in nanoseconds since the epoch; IllegalStateException when no field was written. */
    public String at(long nanos) {
        if (fieldsAt < 0 || line.length() == fieldsAt) {
            throw new IllegalStateException("A point needs at least one field: " + line);
        }
        return line.append(' ').append(nanos).toString();
    }

    /** Lines as the body camel-influxdb2 writes (nanosecond timestamps: the write route's precision). */
    public static Records records(Collection<String> lines) {
        Records records = new Records();
        lines.forEach(records::addRecord);
        return records;
    }

    private int fieldStart() {
        if (fieldsAt < 0) {
            line.append(' ');
            fieldsAt = line.length();
        }
        return fieldsAt;
    }

    /**
     * The form a tag value is stored in (see the class comment): the value itself unless it holds a line break,
     * or a backslash before a space, comma, equals sign or the end. Idempotent.
     */
    public static String cleanTag(String value) {
        if (value == null || !needsCleaning(value)) {
            return value;
        }
        char[] chars = value.replace("\r\n", " ").replace('\r', ' ').replace('\n', ' ').toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] == '\\' && (i + 1 == chars.length || isSeparator(chars[i + 1]))) {
                chars[i] = BACKSLASH_BEFORE_SEPARATOR;
            }
        }
        return new String(chars);
    }

    private static boolean needsCleaning(String value) {
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == '\n' || ch == '\r' || ch == '\\' && (i + 1 == value.length() || isSeparator(value.charAt(i + 1)))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSeparator(char ch) {
        return ch == ' ' || ch == ',' || ch == '=' || ch == '\n' || ch == '\r';
    }

    // The appenders below write into a caller's line, for the points built by the thousand (correlations).

    /** Appends {@code ,key=value}, the value cleaned and escaped; nothing for a null or empty value. */
    public static void appendTag(StringBuilder sb, String key, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        sb.append(',');
        escape(sb, key, true);
        sb.append('=');
        escape(sb, cleanTag(value), true);
    }

    /** Appends a float field (after a comma unless it is the first, at {@code fieldsAt}); NaN and infinity are left out. */
    public static void appendField(StringBuilder sb, int fieldsAt, String key, double value) {
        if (!Double.isFinite(value)) {
            return;
        }
        separateField(sb, fieldsAt);
        escape(sb, key, true);
        sb.append('=');
        String digits = Double.toString(value);
        if (digits.indexOf('E') < 0) {
            sb.append(digits); // already plain, with at least one fraction digit
            return;
        }
        String plain = new BigDecimal(digits).stripTrailingZeros().toPlainString();
        sb.append(plain).append(plain.indexOf('.') < 0 ? ".0" : "");
    }

    /** Appends an integer field. */
    public static void appendField(StringBuilder sb, int fieldsAt, String key, long value) {
        separateField(sb, fieldsAt);
        escape(sb, key, true);
        sb.append('=').append(value).append('i');
    }

    /** Appends a string field, quoted, its quotes and backslashes escaped; null is left out. */
    public static void appendField(StringBuilder sb, int fieldsAt, String key, String value) {
        if (value == null) {
            return;
        }
        separateField(sb, fieldsAt);
        escape(sb, key, true);
        sb.append("=\"");
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == '"' || ch == '\\') {
                sb.append('\\');
            }
            sb.append(ch);
        }
        sb.append('"');
    }

    private static void separateField(StringBuilder sb, int fieldsAt) {
        if (sb.length() > fieldsAt) {
            sb.append(',');
        }
    }

    /** A comma and a space (and an equals sign in keys and tag values) preceded by a backslash. */
    private static void escape(StringBuilder sb, String text, boolean equalsToo) {
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == ',' || ch == ' ' || ch == '=' && equalsToo) {
                sb.append('\\');
            }
            sb.append(ch);
        }
    }
}
