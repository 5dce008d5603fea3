package io.energycorrelator.observe;

import io.energycorrelator.config.Settings;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The body of GET /health (GUIDE §4). Status, in order of precedence:
 * <ul>
 *   <li>{@code unhealthy} (HTTP 503): InfluxDB unreachable, token rejected or bucket missing, the last
 *       {@value #FAILED_CYCLES_UNHEALTHY} cycles failed, or no cycle has ended for
 *       {@value #FAILED_CYCLES_UNHEALTHY} intervals (one is stuck);</li>
 *   <li>{@code starting}: no cycle has succeeded yet;</li>
 *   <li>{@code degraded}: the last cycle failed (fewer than {@value #FAILED_CYCLES_UNHEALTHY} in a row);</li>
 *   <li>{@code healthy}: the last cycle succeeded.</li>
 * </ul>
 */
public class HealthReport {

    public static final int FAILED_CYCLES_UNHEALTHY = 3;

    private final Statistics statistics;
    private final InfluxDbProbe probe;
    private final Clock clock;
    private final Duration firstCycleDue;
    private final Duration stuckAfter;

    public HealthReport(Statistics statistics, InfluxDbProbe probe, Settings settings, Clock clock) {
        this.statistics = statistics;
        this.probe = probe;
        this.clock = clock;
        this.firstCycleDue = settings.firstCycleDelay();
        this.stuckAfter = settings.processingInterval().multipliedBy(FAILED_CYCLES_UNHEALTHY).plusMinutes(1);
    }

    public Map<String, Object> current() {
        Optional<String> influxProblem = probe.problem();
        long failedInRow = statistics.consecutiveFailures();
        Instant lastEnd = statistics.lastCycleFinished();
        Duration sinceCycle = Duration.between(lastEnd != null ? lastEnd : statistics.startedAt().plus(firstCycleDue), clock.instant());
        boolean stuck = sinceCycle.compareTo(stuckAfter) > 0;
        String status;
        if (influxProblem.isPresent() || failedInRow >= FAILED_CYCLES_UNHEALTHY || stuck) {
            status = "unhealthy";
        } else if (statistics.lastSuccessfulFetch() == null) {
            status = "starting";
        } else if (failedInRow > 0) {
            status = "degraded";
        } else {
            status = "healthy";
        }
        long total = statistics.totalFetches();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("service", "energy-correlator");
        body.put("uptime_seconds", Duration.between(statistics.startedAt(), clock.instant()).toSeconds());
        body.put("last_successful_fetch", statistics.lastSuccessfulFetch() == null ? null : statistics.lastSuccessfulFetch().toString());
        body.put("total_fetches", total);
        body.put("failed_fetches", statistics.failedFetches());
        body.put("success_rate", total == 0 ? 0.0 : Percent.round((total - statistics.failedFetches()) * 100.0 / total));
        body.put("influxdb", influxProblem.orElse("ok"));
        body.put("consecutive_failed_cycles", failedInRow);
        body.put("last_error", stuck ? "no correlation cycle has ended for " + sinceCycle.toSeconds() + " s" : statistics.lastError());
        return body;
    }
}
