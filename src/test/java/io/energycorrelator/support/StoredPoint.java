package io.energycorrelator.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What InfluxDB 2 stores from one line of line protocol, read by its parser's own rules, independent of the
 * service's escaping: the reference its lines are checked against. In the measurement, tag keys and tag
 * values a comma, space or equals sign is escaped when the byte before it is a backslash (the backslash is
 * then dropped) and every other backslash is itself; a quoted string field escapes pairwise ({@code \\} and
 * {@code \"}); a line feed outside quotes ends the point. Throws IllegalArgumentException where InfluxDB would
 * answer "unable to parse".
 *
 * @param fields field key → the value as written: a string field's stored text, else the literal (e.g. {@code 2.5}, {@code 3i})
 */
public record StoredPoint(String measurement, Map<String, String> tags, Map<String, String> fields, long time) {

    public static StoredPoint parse(String line) {
        int i = 0;
        int start = i;
        while (i < line.length() && !((line.charAt(i) == ',' || line.charAt(i) == ' ') && !escaped(line, i))) {
            i++;
        }
        String measurement = unescape(line.substring(start, i), ", ");
        Map<String, String> tags = new TreeMap<>();
        while (i < line.length() && line.charAt(i) == ',') {
            i++;
            start = i;
            while (i < line.length() && !(line.charAt(i) == '=' && !escaped(line, i))) {
                require(line.charAt(i) != ' ' && line.charAt(i) != ',' || escaped(line, i), "missing tag value", line);
                i++;
            }
            String key = unescape(line.substring(start, i), ", =");
            i++;
            start = i;
            require(i < line.length() && line.charAt(i) != ',' && line.charAt(i) != ' ', "missing tag value", line);
            while (i < line.length() && !((line.charAt(i) == ',' || line.charAt(i) == ' ') && !escaped(line, i))) {
                require(line.charAt(i) != '=' || escaped(line, i), "invalid tag format", line);
                require(line.charAt(i) != '\n', "a line feed ends the point inside a tag", line);
                i++;
            }
            tags.put(key, unescape(line.substring(start, i), ", ="));
        }
        require(i < line.length() && line.charAt(i) == ' ', "missing fields", line);
        i++;
        Map<String, String> fields = new TreeMap<>();
        while (true) {
            start = i;
            while (i < line.length() && !(line.charAt(i) == '=' && !escaped(line, i))) {
                i++;
            }
            require(i < line.length() && i > start, "missing field key", line);
            String key = unescape(line.substring(start, i), ", =");
            i++;
            require(i < line.length(), "missing field value", line);
            if (line.charAt(i) == '"') {
                StringBuilder text = new StringBuilder();
                i++;
                while (i < line.length() && line.charAt(i) != '"') {
                    if (line.charAt(i) == '\\' && i + 1 < line.length() && (line.charAt(i + 1) == '\\' || line.charAt(i + 1) == '"')) {
                        i++;
                    }
                    text.append(line.charAt(i++));
                }
                require(i < line.length(), "unbalanced quotes", line);
                i++;
                fields.put(key, text.toString());
            } else {
                start = i;
                while (i < line.length() && line.charAt(i) != ',' && line.charAt(i) != ' ') {
                    require(line.charAt(i) != '\n', "a line feed ends the point", line);
                    i++;
                }
                fields.put(key, line.substring(start, i));
            }
            require(i < line.length(), "missing timestamp", line);
            if (line.charAt(i++) == ' ') {
                break;
            }
        }
        String time = line.substring(i);
        require(time.matches("-?[0-9]+"), "bad timestamp", line);
        return new StoredPoint(measurement, tags, fields, Long.parseLong(time));
    }

    /**
     * A request body cut into lines the way InfluxDB does before parsing each: a backslash and the character
     * after it are skipped as a pair; past the first unescaped space, quotes open and close a string once
     * there are more equals signs than commas, and a line feed inside one does not end the line.
     */
    public static List<String> lines(String body) {
        List<String> lines = new ArrayList<>();
        int i = 0;
        while (i < body.length()) {
            int start = i;
            boolean quoted = false;
            boolean fields = false;
            int equals = 0;
            int commas = 0;
            while (i < body.length()) {
                char ch = body.charAt(i);
                if (ch == '\\' && i + 2 < body.length()) {
                    i += 2;
                    continue;
                }
                fields |= ch == ' ';
                if (fields && !quoted && (ch == '=' || ch == ',')) {
                    equals += ch == '=' ? 1 : 0;
                    commas += ch == ',' ? 1 : 0;
                } else if (fields && ch == '"' && equals > commas) {
                    quoted = !quoted;
                } else if (ch == '\n' && !quoted) {
                    break;
                }
                i++;
            }
            lines.add(body.substring(start, i));
            i++;
        }
        return lines;
    }

    /** InfluxDB's test for an escaped separator: the byte before it is a backslash. */
    private static boolean escaped(String line, int i) {
        return i > 0 && line.charAt(i - 1) == '\\';
    }

    private static String unescape(String text, String escapable) {
        String out = text;
        for (char c : escapable.toCharArray()) {
            out = out.replace("\\" + c, String.valueOf(c));
        }
        return out;
    }

    private static void require(boolean ok, String problem, String line) {
        if (!ok) {
            throw new IllegalArgumentException("unable to parse (" + problem + "): "
                    + (line.length() > 200 ? line.substring(0, 200) + "…" : line));
        }
    }
}
