package io.energycorrelator.config;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One key's value as Camel's properties component resolved it, with the environment variable that sets it, and
 * the checks a value must pass: each returns the typed value or throws {@link InvalidSettingException} naming
 * the key, its variable and what is allowed.
 *
 * @param value the trimmed value; empty when unset or blank
 * @param home  where a home of the homes file sets the key, e.g. "home flat-12 in /etc/homes.yaml": its
 *              messages name that instead of the environment variable; null for a key set the usual way
 */
public record Setting(String key, Optional<String> value, String environment, String home) {

    /** Names that go into Flux unquoted positions or tags: letters, digits, '_', '-', '.'. */
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_.\\-]{1,128}");
    /** A bucket: a safe name, or on InfluxDB 1.8 "database/retention-policy" of two. */
    private static final Pattern BUCKET = Pattern.compile("[A-Za-z0-9_.\\-]{1,128}(/[A-Za-z0-9_.\\-]{1,128})?");

    public Setting {
        value = value.map(String::trim).filter(v -> !v.isEmpty());
    }

    /** A key set the usual way: application.properties or its environment variable. */
    public Setting(String key, Optional<String> value, String environment) {
        this(key, value, environment, null);
    }

    /** The key and where it is set: "KEY (environment NAME)", or "home ID in FILE: KEY" for a home's key. */
    public String named() {
        return home == null ? key + " (environment " + environment + ")" : home + ": " + key;
    }

    public boolean isSet() {
        return value.isPresent();
    }

    public String required(String allowed) {
        return value.orElseThrow(() -> invalid(null, allowed));
    }

    public long wholeNumber(long min, long max) {
        String allowed = "a whole number from " + min + " to " + max;
        String v = required(allowed);
        try {
            long n = Long.parseLong(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the message naming the key
        }
        throw invalid(v, allowed);
    }

    public Duration seconds(long min, long max) {
        return Duration.ofSeconds(wholeNumber(min, max));
    }

    public Duration minutes(long min, long max) {
        return Duration.ofMinutes(wholeNumber(min, max));
    }

    public double number(double min, double max) {
        String allowed = "a number from " + plain(min) + " to " + plain(max);
        String v = required(allowed);
        try {
            double n = Double.parseDouble(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the message naming the key
        }
        throw invalid(v, allowed);
    }

    /** A name that may stand in a Flux query or a tag: 1 to 128 letters, digits, '_', '-' or '.'. */
    public String name() {
        return matching(SAFE_NAME, "1 to 128 characters of letters, digits, '_', '-' or '.'");
    }

    /** A {@link #name}, or {@code otherwise} when unset (a layout key left empty takes its preset's value). */
    public String nameOr(String otherwise) {
        return isSet() ? name() : otherwise;
    }

    /** An InfluxDB bucket: a {@link #name}, or "database/retention-policy" of two (what InfluxDB 1.8 calls a bucket). */
    public String bucket() {
        return matching(BUCKET, "1 to 128 characters of letters, digits, '_', '-' or '.', or two such names as"
                + " database/retention-policy (InfluxDB 1.8)");
    }

    public String matching(Pattern pattern, String allowed) {
        String v = required(allowed);
        if (!pattern.matcher(v).matches()) {
            throw invalid(v, allowed);
        }
        return v;
    }

    public String oneOf(String... allowed) {
        String expected = "one of " + String.join(", ", allowed);
        String v = required(expected);
        if (!Arrays.asList(allowed).contains(v)) {
            throw invalid(v, expected);
        }
        return v;
    }

    public boolean bool() {
        return Boolean.parseBoolean(oneOf("true", "false"));
    }

    /** A time zone id such as UTC or Europe/Berlin; unset, the process's own zone (the JVM reads it from TZ). */
    public ZoneId zoneOrProcess() {
        if (!isSet()) {
            return ZoneId.systemDefault();
        }
        try {
            return ZoneId.of(value.get());
        } catch (DateTimeException e) {
            throw invalid(value.get(), "a time zone id such as UTC or Europe/Berlin");
        }
    }

    /** A comma-separated list of Home Assistant domains. */
    public List<String> domains() {
        String allowed = "a comma-separated list of Home Assistant domains (letters, digits, '_')";
        String v = required(allowed);
        List<String> names = Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (names.isEmpty() || !names.stream().allMatch(n -> n.matches("[a-z0-9_]{1,64}"))) {
            throw invalid(v, allowed);
        }
        return names;
    }

    /**
     * A URL of one of the schemes, with a host and without user info (it would be echoed in /statistics and the
     * logs; the message shows it as ***).
     */
    public URI url(List<String> schemes, String allowed) {
        String v = required(allowed);
        try {
            URI uri = new URI(v);
            if (uri.getUserInfo() != null) {
                throw invalid(v.replace(uri.getRawUserInfo(), "***"), allowed);
            }
            // No scheme ("influxdb.local") is null, which List.contains refuses.
            if (uri.getScheme() == null || !schemes.contains(uri.getScheme()) || uri.getHost() == null) {
                throw invalid(v, allowed);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw invalid(v, allowed);
        }
    }

    /** The message naming the key, its variable, the value shown (null: not set) and what is allowed. */
    public InvalidSettingException invalid(String shown, String allowed) {
        String what = shown == null ? "is not set" : "= '" + shown + "' is not allowed";
        return new InvalidSettingException("Invalid configuration: " + named() + " " + what + ": expected " + allowed);
    }

    /** Never the value: it may be a secret (a token, a password, an API key). */
    @Override
    public String toString() {
        return "Setting[" + named() + ", " + (isSet() ? "set" : "not set") + "]";
    }

    private static String plain(double n) {
        return BigDecimal.valueOf(n).stripTrailingZeros().toPlainString();
    }
}
