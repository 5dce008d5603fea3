package io.energycorrelator.operations;

import io.energycorrelator.correlate.Statistics;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.energycorrelator.cluster.Leadership;

import java.util.Map;

/** The bodies of GET /statistics and POST /statistics/reset. */
public class StatisticsReport {

    /** GET /statistics, field by field as the HTTP contract names them. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Report(long totalEventsProcessed, long correlationsFound, long correlationsWritten,
            double correlationRatePct, double writeSuccessRatePct, long errors, long belowThreshold, long lateStateChanges,
            Map<String, Long> skipped, long fluxQueriesTotal, long influxWritesTotal, long backlogEvents, String watermark,
            Map<String, Object> config, String role, String node, String leader) {
    }

    /** POST /statistics/reset. */
    public record Message(String message) {
    }

    private final Statistics statistics;
    private final Map<String, Object> configInEffect;
    private final Leadership leadership;

    /**
     * @param configInEffect the settings in effect, as /statistics shows them under "config"
     * @param leadership     this process's role and node id, and who leads
     */
    public StatisticsReport(Statistics statistics, Leadership leadership, Map<String, Object> configInEffect) {
        this.statistics = statistics;
        this.leadership = leadership;
        this.configInEffect = configInEffect;
    }

    public Report current() {
        // Asked of the coordinator before, not within, the statistics' consistent read.
        String leader = leadership.leaderId().orElse(null);
        return statistics.consistently(() -> new Report(statistics.eventsProcessed(), statistics.correlationsFound(), statistics.correlationsWritten(),
                Percent.of(statistics.correlationsFound(), statistics.eventsProcessed()),
                Percent.of(statistics.correlationsWritten(), statistics.correlationsFound()),
                statistics.errors(), statistics.belowThreshold(), statistics.lateStateChanges(), statistics.skippedByReason(), statistics.fluxQueries(),
                statistics.influxWrites(), statistics.backlog(),
                statistics.watermark() == null ? null : statistics.watermark().toString(), configInEffect,
                leadership.role(), leadership.nodeId(), leader));
    }

    public Message reset() {
        statistics.reset();
        return new Message("Statistics reset");
    }
}
