package io.energycorrelator.config;

import java.util.Map;

/**
 * The environment variable that overrides each key (see application.properties, where each key reads
 * {@code {{env:NAME:default}}}). The original service's names are kept.
 */
public final class EnvironmentNames {

    static final Map<String, String> BY_KEY = Map.ofEntries(
            Map.entry(Settings.INFLUX_URL, "INFLUXDB_URL"),
            Map.entry(Settings.INFLUX_TOKEN, "INFLUXDB_TOKEN"),
            Map.entry(Settings.INFLUX_TOKEN_FILE, "INFLUXDB_TOKEN_FILE"),
            Map.entry(Settings.INFLUX_ORG, "INFLUXDB_ORG"),
            Map.entry(Settings.INFLUX_BUCKET, "INFLUXDB_BUCKET"),
            Map.entry(Settings.PROCESSING_INTERVAL, "PROCESSING_INTERVAL"),
            Map.entry(Settings.FIRST_CYCLE_DELAY, "FIRST_CYCLE_DELAY"),
            Map.entry(Settings.LOOKBACK, "LOOKBACK_MINUTES"),
            Map.entry(Settings.WINDOW, "CORRELATION_WINDOW_SECONDS"),
            Map.entry(Settings.MIN_DELTA, "MIN_POWER_DELTA"),
            Map.entry(Settings.MAX_GAP, "MAX_READING_GAP_SECONDS"),
            Map.entry(Settings.LATE_DATA_GRACE, "LATE_DATA_GRACE_SECONDS"),
            Map.entry(Settings.MAX_EVENTS_PER_CYCLE, "MAX_EVENTS_PER_CYCLE"),
            Map.entry(Settings.MAX_CYCLE_SPAN, "MAX_CYCLE_SPAN_MINUTES"),
            Map.entry(Settings.METER_MIN_W, "METER_MIN_PLAUSIBLE_W"),
            Map.entry(Settings.METER_MAX_W, "METER_MAX_PLAUSIBLE_W"),
            Map.entry(Settings.BACKFILL_MAX_DAYS, "BACKFILL_MAX_RANGE_DAYS"),
            Map.entry(Settings.BACKFILL_WORKERS, "BACKFILL_WORKERS"),
            Map.entry(Settings.DOMAINS, "CORRELATOR_DOMAINS"),
            Map.entry(Settings.ESTIMATOR, "CORRELATOR_ESTIMATOR"),
            Map.entry(Settings.ESTIMATOR_WINDOW, "ESTIMATOR_WINDOW_SECONDS"),
            Map.entry(Settings.ESTIMATOR_SETTLE, "ESTIMATOR_SETTLE_SECONDS"),
            Map.entry(Settings.ESTIMATOR_TOLERANCE, "ESTIMATOR_TOLERANCE_SECONDS"),
            Map.entry(Settings.SCHEMA, "CORRELATOR_SCHEMA"),
            Map.entry(Settings.EVENT_MEASUREMENT, "EVENT_MEASUREMENT"),
            Map.entry(Settings.EVENT_ENTITY_TAG, "EVENT_ENTITY_TAG"),
            Map.entry(Settings.EVENT_ENTITY_TAG_HAS_DOMAIN, "EVENT_ENTITY_TAG_HAS_DOMAIN"),
            Map.entry(Settings.EVENT_DOMAIN_TAG, "EVENT_DOMAIN_TAG"),
            Map.entry(Settings.EVENT_STATE_FIELD, "EVENT_STATE_FIELD"),
            Map.entry(Settings.EVENT_PREVIOUS_STATE_FIELD, "EVENT_PREVIOUS_STATE_FIELD"),
            Map.entry(Settings.METER_MEASUREMENT, "METER_MEASUREMENT"),
            Map.entry(Settings.METER_FIELD, "METER_FIELD"),
            Map.entry(Settings.METER_ENTITY_TAG, "METER_ENTITY_TAG"),
            Map.entry(Settings.METER_ENTITY_ID, "METER_ENTITY_ID"),
            Map.entry(Settings.METER_UNIT, "METER_UNIT"),
            Map.entry(Settings.HTTP_PORT, "HTTP_PORT"));

    private EnvironmentNames() {
    }

    public static String of(String key) {
        return BY_KEY.getOrDefault(key, "none");
    }
}
