package io.energycorrelator.config;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and checks setting values. The keys, their defaults and their environment variables are listed in
 * application.properties only: each settings record asks here for the keys it uses, and a value that is not
 * allowed stops start-up with {@link InvalidSettingException} naming the key, its environment variable (as
 * application.properties declares it) and what is allowed.
 */
public final class SettingsReader {

    /** Names that go into Flux unquoted positions or tags: letters, digits, '_', '-', '.'. */
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_.\\-]{1,128}");
    /** A bucket: a safe name, or on InfluxDB 1.8 "database/retention-policy" of two. */
    private static final Pattern BUCKET = Pattern.compile("[A-Za-z0-9_.\\-]{1,128}(/[A-Za-z0-9_.\\-]{1,128})?");
    private static final Pattern ENV_PLACEHOLDER = Pattern.compile("\\{\\{env:([A-Za-z0-9_]+)[:}]");

    private final Function<String, Optional<String>> property;
    private final Map<String, String> environmentByKey;

    /**
     * @param property         the resolved value of a key, empty when unset
     * @param environmentByKey the environment variable of each key (see {@link #environmentVariables})
     */
    public SettingsReader(Function<String, Optional<String>> property, Map<String, String> environmentByKey) {
        this.property = property;
        this.environmentByKey = environmentByKey;
    }

    /** key → NAME for every raw value written {@code {{env:NAME:default}}}. */
    public static Map<String, String> environmentVariables(Map<String, String> rawProperties) {
        Map<String, String> names = new java.util.HashMap<>();
        rawProperties.forEach((key, raw) -> {
            Matcher m = ENV_PLACEHOLDER.matcher(raw);
            if (m.find()) {
                names.put(key, m.group(1));
            }
        });
        return names;
    }

    public boolean isSet(String key) {
        return value(key).isPresent();
    }

    public String required(String key, String allowed) {
        return value(key).orElseThrow(() -> invalid(key, null, allowed));
    }

    public long integer(String key, long min, long max) {
        String allowed = "a whole number from " + min + " to " + max;
        String value = required(key, allowed);
        try {
            long n = Long.parseLong(value);
            if (n < min || n > max) {
                throw invalid(key, value, allowed);
            }
            return n;
        } catch (NumberFormatException e) {
            throw invalid(key, value, allowed);
        }
    }

    public Duration seconds(String key, long min, long max) {
        return Duration.ofSeconds(integer(key, min, max));
    }

    public Duration minutes(String key, long min, long max) {
        return Duration.ofMinutes(integer(key, min, max));
    }

    public double decimal(String key, double min, double max) {
        String allowed = "a number from " + plain(min) + " to " + plain(max);
        String value = required(key, allowed);
        try {
            double n = Double.parseDouble(value);
            if (!(n >= min && n <= max)) {
                throw invalid(key, value, allowed);
            }
            return n;
        } catch (NumberFormatException e) {
            throw invalid(key, value, allowed);
        }
    }

    /** A name that may stand in a Flux query or a tag: 1 to 128 letters, digits, '_', '-' or '.'. */
    public String name(String key) {
        String allowed = "1 to 128 characters of letters, digits, '_', '-' or '.'";
        String value = required(key, allowed);
        if (!SAFE_NAME.matcher(value).matches()) {
            throw invalid(key, value, allowed);
        }
        return value;
    }

    /** An InfluxDB bucket: a {@link #name}, or "database/retention-policy" of two (what InfluxDB 1.8 calls a bucket). */
    public String bucket(String key) {
        String allowed = "1 to 128 characters of letters, digits, '_', '-' or '.', or two such names as"
                + " database/retention-policy (InfluxDB 1.8)";
        String value = required(key, allowed);
        if (!BUCKET.matcher(value).matches()) {
            throw invalid(key, value, allowed);
        }
        return value;
    }

    public String oneOf(String key, String... allowed) {
        String value = required(key, "one of " + String.join(", ", allowed));
        if (Arrays.asList(allowed).contains(value)) {
            return value;
        }
        throw invalid(key, value, "one of " + String.join(", ", allowed));
    }

    public boolean bool(String key) {
        return Boolean.parseBoolean(oneOf(key, "true", "false"));
    }

    /** A time zone id such as UTC or Europe/Berlin. */
    public java.time.ZoneId zone(String key) {
        String allowed = "a time zone id such as UTC or Europe/Berlin";
        String value = required(key, allowed);
        try {
            return java.time.ZoneId.of(value);
        } catch (java.time.DateTimeException e) {
            throw invalid(key, value, allowed);
        }
    }

    /** A time zone id such as UTC or Europe/Berlin; unset, the process's own zone (the JVM reads it from TZ). */
    public java.time.ZoneId zoneOrProcess(String key) {
        return isSet(key) ? zone(key) : java.time.ZoneId.systemDefault();
    }

    /** A comma-separated list of Home Assistant domains. */
    public List<String> domains(String key) {
        String allowed = "a comma-separated list of Home Assistant domains (letters, digits, '_')";
        String value = required(key, allowed);
        List<String> names = Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (names.isEmpty() || !names.stream().allMatch(n -> n.matches("[a-z0-9_]{1,64}"))) {
            throw invalid(key, value, allowed);
        }
        return names;
    }

    /** An http(s) URL without user info (it would be echoed in /statistics and the logs). */
    public URI httpUrl(String key) {
        String allowed = "an http:// or https:// URL with a host and no user info, e.g. http://influxdb:8086";
        String value = required(key, allowed);
        try {
            URI uri = new URI(value);
            if (uri.getUserInfo() != null) {
                throw invalid(key, value.replace(uri.getRawUserInfo(), "***"), allowed);
            }
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw invalid(key, value, allowed);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw invalid(key, value, allowed);
        }
    }

    /**
     * A secret given directly ({@code directKey}) or as the path of a file holding it ({@code fileKey}); the
     * secret itself never appears in a message.
     *
     * @param required whether one of the two must be set; when not, an unset pair gives empty
     */
    public Optional<String> secret(String directKey, String fileKey, String what, boolean required) {
        return secret(directKey, fileKey, what, required, false);
    }

    /**
     * An optional secret whose file may be empty, meaning "none": for a secret file that Docker Compose declares
     * whether or not it is needed (docker-compose.yml's MQTT password: a broker without users needs none).
     */
    public Optional<String> secretOrEmptyFile(String directKey, String fileKey, String what) {
        return secret(directKey, fileKey, what, false, true);
    }

    private Optional<String> secret(String directKey, String fileKey, String what, boolean required, boolean emptyFileIsNone) {
        Optional<String> direct = value(directKey);
        if (direct.isPresent()) {
            return direct;
        }
        Optional<String> file = value(fileKey);
        if (file.isEmpty()) {
            if (!required) {
                return Optional.empty();
            }
            throw new InvalidSettingException("Invalid configuration: " + directKey + " (environment "
                    + environmentOf(directKey) + ") or " + fileKey + " (environment " + environmentOf(fileKey)
                    + ") must be set: " + what + ", or the path of a file holding it");
        }
        String allowed = "a readable file holding a non-empty " + what;
        try {
            String secret = Files.readString(Path.of(file.get()), StandardCharsets.UTF_8).trim();
            if (secret.isEmpty() && emptyFileIsNone) {
                return Optional.empty();
            }
            if (secret.isEmpty()) {
                throw invalid(fileKey, file.get(), allowed);
            }
            return Optional.of(secret);
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidSettingException invalid) {
                throw invalid;
            }
            throw invalid(fileKey, file.get(), allowed);
        }
    }

    public String environmentOf(String key) {
        return environmentByKey.getOrDefault(key, "none");
    }

    public InvalidSettingException invalid(String key, String value, String allowed) {
        String shown = value == null ? "is not set" : "= '" + value + "' is not allowed";
        return new InvalidSettingException("Invalid configuration: " + key + " (environment " + environmentOf(key) + ") "
                + shown + ": expected " + allowed);
    }

    private Optional<String> value(String key) {
        return property.apply(key).map(String::trim).filter(v -> !v.isEmpty());
    }

    private static String plain(double n) {
        return BigDecimal.valueOf(n).stripTrailingZeros().toPlainString();
    }
}
