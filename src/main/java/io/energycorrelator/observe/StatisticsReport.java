package io.energycorrelator.observe;

import io.energycorrelator.config.Settings;

import java.util.LinkedHashMap;
import java.util.Map;

/** The body of GET /statistics (GUIDE §4). */
public class StatisticsReport {

    private final Statistics statistics;
    private final Settings settings;

    public StatisticsReport(Statistics statistics, Settings settings) {
        this.statistics = statistics;
        this.settings = settings;
    }

    public Map<String, Object> current() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total_events_processed", statistics.eventsProcessed());
        body.put("correlations_found", statistics.correlationsFound());
        body.put("correlations_written", statistics.correlationsWritten());
        body.put("correlation_rate_pct", Percent.of(statistics.correlationsFound(), statistics.eventsProcessed()));
        body.put("write_success_rate_pct", Percent.of(statistics.correlationsWritten(), statistics.correlationsFound()));
        body.put("errors", statistics.errors());
        body.put("skipped", statistics.skippedByReason());
        body.put("flux_queries_total", statistics.fluxQueries());
        body.put("influx_writes_total", statistics.influxWrites());
        body.put("backlog_events", statistics.backlog());
        body.put("watermark", statistics.watermark() == null ? null : statistics.watermark().toString());
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("correlation_window_seconds", settings.correlationWindow().toSeconds());
        config.put("min_power_delta_w", settings.minPowerDeltaW());
        config.put("processing_interval_seconds", settings.processingInterval().toSeconds());
        config.put("lookback_minutes", settings.lookback().toMinutes());
        config.put("max_reading_gap_seconds", settings.maxReadingGap().toSeconds());
        config.put("late_data_grace_seconds", settings.lateDataGrace().toSeconds());
        config.put("max_events_per_cycle", settings.maxEventsPerCycle());
        config.put("domains", settings.domains());
        config.put("schema", settings.schema().name());
        config.put("estimator", settings.estimator());
        config.put("influxdb_url", settings.influxUrl().toString());
        config.put("influxdb_org", settings.influxOrg());
        config.put("influxdb_bucket", settings.influxBucket());
        body.put("config", config);
        return body;
    }

    /** POST /statistics/reset. */
    public Map<String, Object> reset() {
        statistics.reset();
        return Map.of("message", "Statistics reset");
    }
}
