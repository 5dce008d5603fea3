package io.energycorrelator.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Every setting of the service, read once at start-up and validated. The one place that knows the keys;
 * application.properties gives each its default and its environment variable.
 */
public record Settings(
        URI influxUrl,
        String influxToken,
        String influxOrg,
        String influxBucket,
        Duration processingInterval,
        Duration firstCycleDelay,
        Duration lookback,
        Duration correlationWindow,
        double minPowerDeltaW,
        Duration maxReadingGap,
        Duration lateDataGrace,
        int maxEventsPerCycle,
        Duration maxCycleSpan,
        double meterMinW,
        double meterMaxW,
        Duration backfillMaxRange,
        int backfillWorkers,
        List<String> domains,
        String estimator,
        Duration estimatorWindow,
        Duration estimatorSettle,
        Duration estimatorTolerance,
        Schema schema,
        int httpPort) {

    public static final String INFLUX_URL = "correlator.influxdb.url";
    public static final String INFLUX_TOKEN = "correlator.influxdb.token";
    public static final String INFLUX_TOKEN_FILE = "correlator.influxdb.token-file";
    public static final String INFLUX_ORG = "correlator.influxdb.org";
    public static final String INFLUX_BUCKET = "correlator.influxdb.bucket";
    public static final String PROCESSING_INTERVAL = "correlator.processing-interval-seconds";
    public static final String FIRST_CYCLE_DELAY = "correlator.first-cycle-delay-seconds";
    public static final String LOOKBACK = "correlator.lookback-minutes";
    public static final String WINDOW = "correlator.correlation-window-seconds";
    public static final String MIN_DELTA = "correlator.min-power-delta-w";
    public static final String MAX_GAP = "correlator.max-reading-gap-seconds";
    public static final String LATE_DATA_GRACE = "correlator.late-data-grace-seconds";
    public static final String MAX_EVENTS_PER_CYCLE = "correlator.max-events-per-cycle";
    public static final String MAX_CYCLE_SPAN = "correlator.max-cycle-span-minutes";
    public static final String METER_MIN_W = "correlator.meter.min-plausible-w";
    public static final String METER_MAX_W = "correlator.meter.max-plausible-w";
    public static final String BACKFILL_MAX_DAYS = "correlator.backfill.max-range-days";
    public static final String BACKFILL_WORKERS = "correlator.backfill.workers";
    public static final String DOMAINS = "correlator.domains";
    public static final String ESTIMATOR = "correlator.estimator";
    public static final String ESTIMATOR_WINDOW = "correlator.estimator.window-seconds";
    public static final String ESTIMATOR_SETTLE = "correlator.estimator.settle-seconds";
    public static final String ESTIMATOR_TOLERANCE = "correlator.estimator.tolerance-seconds";
    public static final String SCHEMA = "correlator.schema";
    public static final String EVENT_MEASUREMENT = "correlator.events.measurement";
    public static final String EVENT_ENTITY_TAG = "correlator.events.entity-tag";
    public static final String EVENT_ENTITY_TAG_HAS_DOMAIN = "correlator.events.entity-tag-has-domain";
    public static final String EVENT_DOMAIN_TAG = "correlator.events.domain-tag";
    public static final String EVENT_STATE_FIELD = "correlator.events.state-field";
    public static final String EVENT_PREVIOUS_STATE_FIELD = "correlator.events.previous-state-field";
    public static final String METER_MEASUREMENT = "correlator.meter.measurement";
    public static final String METER_FIELD = "correlator.meter.field";
    public static final String METER_ENTITY_TAG = "correlator.meter.entity-tag";
    public static final String METER_ENTITY_ID = "correlator.meter.entity-id";
    public static final String METER_UNIT = "correlator.meter.unit";
    /** The value of {@link #EVENT_PREVIOUS_STATE_FIELD} that asks for the previous state to be derived. */
    public static final String DERIVED = "derived";
    public static final String HTTP_PORT = "camel.server.port";

    /** Names that go into Flux unquoted positions or tags: letters, digits, '_', '-', '.'. */
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_.\\-]{1,128}");

    /**
     * Reads and validates every setting.
     *
     * @param property the resolved value of a key, empty when the key is unset or blank
     * @throws InvalidSettingException naming the first key whose value is not allowed
     */
    public static Settings from(Function<String, Optional<String>> property) {
        Reader r = new Reader(property);
        return new Settings(
                r.httpUrl(INFLUX_URL),
                r.token(),
                r.name(INFLUX_ORG),
                r.name(INFLUX_BUCKET),
                Duration.ofSeconds(r.integer(PROCESSING_INTERVAL, 1, 86_400)),
                Duration.ofSeconds(r.integer(FIRST_CYCLE_DELAY, 0, 3_600)),
                Duration.ofMinutes(r.integer(LOOKBACK, 1, 10_080)),
                Duration.ofSeconds(r.integer(WINDOW, 2, 3_600)),
                r.decimal(MIN_DELTA, 0, 1_000_000),
                Duration.ofSeconds(r.integer(MAX_GAP, 1, 3_600)),
                Duration.ofSeconds(r.integer(LATE_DATA_GRACE, 0, 86_400)),
                (int) r.integer(MAX_EVENTS_PER_CYCLE, 1, 1_000_000),
                Duration.ofMinutes(r.integer(MAX_CYCLE_SPAN, 1, 10_080)),
                r.decimal(METER_MIN_W, -10_000_000, 0),
                r.decimal(METER_MAX_W, 1, 10_000_000),
                Duration.ofDays(r.integer(BACKFILL_MAX_DAYS, 1, 3_650)),
                (int) r.integer(BACKFILL_WORKERS, 1, 8),
                r.names(DOMAINS),
                r.oneOf(ESTIMATOR, "nearest", "median", "aligned"),
                Duration.ofSeconds(r.integer(ESTIMATOR_WINDOW, 1, 600)),
                Duration.ofSeconds(r.integer(ESTIMATOR_SETTLE, 0, 600)),
                Duration.ofSeconds(r.integer(ESTIMATOR_TOLERANCE, 0, 600)),
                r.schema(),
                (int) r.integer(HTTP_PORT, 1, 65_535));
    }

    /** Half the correlation window: the power before is read at event − half, the power after at event + half. */
    public Duration halfWindow() {
        return correlationWindow.dividedBy(2);
    }

    /** Never print the token. */
    @Override
    public String toString() {
        return "Settings[influxUrl=" + influxUrl + ", org=" + influxOrg + ", bucket=" + influxBucket
                + ", interval=" + processingInterval + ", lookback=" + lookback + ", window=" + correlationWindow
                + ", minPowerDeltaW=" + minPowerDeltaW + ", maxReadingGap=" + maxReadingGap + ", domains=" + domains
                + ", estimator=" + estimator + ", schema=" + schema + "]";
    }

    private static final class Reader {
        private final Function<String, Optional<String>> property;

        Reader(Function<String, Optional<String>> property) {
            this.property = property;
        }

        String required(String key, String allowed) {
            return property.apply(key).map(String::trim).filter(v -> !v.isEmpty())
                    .orElseThrow(() -> invalid(key, null, allowed));
        }

        long integer(String key, long min, long max) {
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

        double decimal(String key, double min, double max) {
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

        String name(String key) {
            String allowed = "1 to 128 characters of letters, digits, '_', '-' or '.'";
            String value = required(key, allowed);
            if (!SAFE_NAME.matcher(value).matches()) {
                throw invalid(key, value, allowed);
            }
            return value;
        }

        /** A preset, then each of its keys that is set overrides the preset's value. */
        Schema schema() {
            String preset = oneOf(SCHEMA, Schema.HOMEIQ, Schema.HOME_ASSISTANT);
            Schema base = preset.equals(Schema.HOMEIQ) ? Schema.homeiq() : Schema.homeAssistant();
            String unit = set(METER_UNIT) ? oneOf(METER_UNIT, "W", "kW") : "W";
            String meterMeasurement = set(METER_MEASUREMENT) ? name(METER_MEASUREMENT)
                    : base.meterEntityTag().isEmpty() ? base.meterMeasurement() : unit;
            boolean entityTagHasDomain = set(EVENT_ENTITY_TAG_HAS_DOMAIN)
                    ? Boolean.parseBoolean(oneOf(EVENT_ENTITY_TAG_HAS_DOMAIN, "true", "false")) : base.entityTagHasDomain();
            String meterEntityTag = set(METER_ENTITY_TAG) ? name(METER_ENTITY_TAG) : base.meterEntityTag();
            String meterEntityId = set(METER_ENTITY_ID) ? name(METER_ENTITY_ID) : "";
            if (!meterEntityTag.isEmpty() && meterEntityId.isEmpty()) {
                throw invalid(METER_ENTITY_ID, null, "the meter's entity id, e.g. sensor.grid_power or grid_power "
                        + "(required with " + SCHEMA + "=" + preset + ")");
            }
            // Home Assistant's integration tags the object id only: sensor.grid_power and grid_power both name it.
            if (!entityTagHasDomain && meterEntityId.contains(".")) {
                meterEntityId = meterEntityId.substring(meterEntityId.indexOf('.') + 1);
            }
            String previous = set(EVENT_PREVIOUS_STATE_FIELD) ? name(EVENT_PREVIOUS_STATE_FIELD) : base.previousStateField();
            return new Schema(preset,
                    set(EVENT_MEASUREMENT) ? name(EVENT_MEASUREMENT) : base.eventMeasurement(),
                    set(EVENT_ENTITY_TAG) ? name(EVENT_ENTITY_TAG) : base.entityTag(),
                    entityTagHasDomain,
                    set(EVENT_DOMAIN_TAG) ? name(EVENT_DOMAIN_TAG) : base.domainTag(),
                    set(EVENT_STATE_FIELD) ? name(EVENT_STATE_FIELD) : base.stateField(),
                    DERIVED.equals(previous) ? "" : previous,
                    meterMeasurement,
                    set(METER_FIELD) ? name(METER_FIELD) : base.meterField(),
                    meterEntityTag,
                    meterEntityId,
                    unit.equals("kW") ? 1000 : 1);
        }

        boolean set(String key) {
            return property.apply(key).map(String::trim).filter(v -> !v.isEmpty()).isPresent();
        }

        String oneOf(String key, String... allowed) {
            String value = required(key, "one of " + String.join(", ", allowed));
            for (String a : allowed) {
                if (a.equals(value)) {
                    return value;
                }
            }
            throw invalid(key, value, "one of " + String.join(", ", allowed));
        }

        List<String> names(String key) {
            String allowed = "a comma-separated list of Home Assistant domains (letters, digits, '_')";
            String value = required(key, allowed);
            List<String> names = Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            if (names.isEmpty() || !names.stream().allMatch(n -> n.matches("[a-z0-9_]{1,64}"))) {
                throw invalid(key, value, allowed);
            }
            return names;
        }

        URI httpUrl(String key) {
            String allowed = "an http:// or https:// URL with a host and no user info, e.g. http://influxdb:8086";
            String value = required(key, allowed);
            try {
                URI uri = new URI(value);
                // No user:password@ in the URL: it would be echoed in /statistics and the logs; use the token.
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

        /** The token comes from INFLUXDB_TOKEN or from the file INFLUXDB_TOKEN_FILE names; never echoed back. */
        String token() {
            Optional<String> direct = property.apply(INFLUX_TOKEN).map(String::trim).filter(v -> !v.isEmpty());
            Optional<String> file = property.apply(INFLUX_TOKEN_FILE).map(String::trim).filter(v -> !v.isEmpty());
            if (direct.isPresent()) {
                return direct.get();
            }
            if (file.isEmpty()) {
                throw new InvalidSettingException("Invalid configuration: " + INFLUX_TOKEN + " (environment INFLUXDB_TOKEN) or "
                        + INFLUX_TOKEN_FILE + " (environment INFLUXDB_TOKEN_FILE) must be set: an InfluxDB API token, "
                        + "or the path of a file holding one");
            }
            try {
                String token = Files.readString(Path.of(file.get()), StandardCharsets.UTF_8).trim();
                if (token.isEmpty()) {
                    throw invalid(INFLUX_TOKEN_FILE, file.get(), "a readable file holding a non-empty InfluxDB API token");
                }
                return token;
            } catch (IOException e) {
                throw invalid(INFLUX_TOKEN_FILE, file.get(), "a readable file holding a non-empty InfluxDB API token");
            }
        }

        private static String plain(double n) {
            return java.math.BigDecimal.valueOf(n).stripTrailingZeros().toPlainString();
        }

        private static InvalidSettingException invalid(String key, String value, String allowed) {
            String shown = value == null ? "is not set" : "= '" + value + "' is not allowed";
            return new InvalidSettingException("Invalid configuration: " + key + " (environment "
                    + EnvironmentNames.of(key) + ") " + shown + ": expected " + allowed);
        }
    }
}
