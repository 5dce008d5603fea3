package io.energycorrelator.observe;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.Map;

/** The bodies of GET /statistics and POST /statistics/reset. */
public class StatisticsReport {

    /** GET /statistics, field by field as the HTTP contract names them. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Report(long totalEventsProcessed, long correlationsFound, long correlationsWritten,
            double correlationRatePct, double writeSuccessRatePct, long errors, long belowThreshold, long lateStateChanges,
            Map<String, Long> skipped, long fluxQueriesTotal, long influxWritesTotal, long backlogEvents, String watermark,
            Map<String, Object> config) {
    }

    /** POST /statistics/reset. */
    public record Message(String message) {
    }

    private final Statistics statistics;
    private final Map<String, Object> configInEffect;

    /** @param configInEffect the settings in effect, as /statistics shows them under "config" */
    public StatisticsReport(Statistics statistics, Map<String, Object> configInEffect) {
        this.statistics = statistics;
        this.configInEffect = configInEffect;
    }

    public Report current() {
        return statistics.consistently(() -> new Report(statistics.eventsProcessed(), statistics.correlationsFound(), statistics.correlationsWritten(),
                Percent.of(statistics.correlationsFound(), statistics.eventsProcessed()),
                Percent.of(statistics.correlationsWritten(), statistics.correlationsFound()),
                statistics.errors(), statistics.belowThreshold(), statistics.lateStateChanges(), statistics.skippedByReason(), statistics.fluxQueries(),
                statistics.influxWrites(), statistics.backlog(),
                statistics.watermark() == null ? null : statistics.watermark().toString(), configInEffect));
    }

    public Message reset() {
        statistics.reset();
        return new Message("Statistics reset");
    }
}
