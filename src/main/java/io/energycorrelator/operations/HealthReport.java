package io.energycorrelator.operations;

import io.energycorrelator.correlate.Statistics;
import io.energycorrelator.homeassistant.MqttStatus;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.energycorrelator.cluster.Leadership;
import io.energycorrelator.config.CycleSettings;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The body of GET /health. Status, in order of precedence:
 * <ul>
 *   <li>{@code unhealthy} (HTTP 503): InfluxDB unreachable, token rejected or bucket missing, the last
 *       {@value #FAILED_CYCLES_UNHEALTHY} cycles failed, or no cycle has ended for
 *       {@value #FAILED_CYCLES_UNHEALTHY} intervals (one is stuck);</li>
 *   <li>{@code starting}: no cycle has succeeded yet;</li>
 *   <li>{@code degraded}: the last cycle failed (fewer than {@value #FAILED_CYCLES_UNHEALTHY} in a row), or
 *       the cycle is fine but the Home Assistant sensors cannot be published ({@link MqttStatus});</li>
 *   <li>{@code healthy}: the last cycle succeeded.</li>
 * </ul>
 * In a pair ({@code role} leader or standby) ZooKeeper out of reach is {@code unhealthy} too; a standby runs no
 * cycle, so it is {@code healthy} while it reaches InfluxDB and ZooKeeper. A leader's cycles are judged from the
 * start of its term (a standby that takes over is {@code starting} until its first cycle).
 */
public class HealthReport implements ServiceHealth {

    public static final int FAILED_CYCLES_UNHEALTHY = 3;

    /** The JSON body, field by field as the HTTP contract names them. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Health(String status, String service, long uptimeSeconds, String lastSuccessfulFetch, long totalFetches,
            long failedFetches, double successRate, String influxdb, long consecutiveFailedCycles, String lastError,
            String mqtt, String role, String node, String zookeeper) {

        /** The HTTP status code that goes with it. */
        @JsonIgnore
        public int httpStatus() {
            return "unhealthy".equals(status) ? 503 : 200;
        }
    }

    private final Statistics statistics;
    private final InfluxDbProbe probe;
    private final Clock clock;
    private final Duration firstCycleDue;
    private final Duration stuckAfter;
    private final MqttStatus mqtt;
    private final Leadership leadership;

    public HealthReport(Statistics statistics, InfluxDbProbe probe, CycleSettings cycle, Clock clock, MqttStatus mqtt,
            Leadership leadership) {
        this.statistics = statistics;
        this.probe = probe;
        this.clock = clock;
        this.firstCycleDue = cycle.firstDelay();
        this.stuckAfter = cycle.interval().multipliedBy(FAILED_CYCLES_UNHEALTHY).plusMinutes(1);
        this.mqtt = mqtt;
        this.leadership = leadership;
    }

    /**
     * The body while the routes are not running (the service is starting or stopping): what is known without
     * asking InfluxDB, with status {@code starting} or {@code stopping}; the HTTP front answers it with 503.
     */
    @Override
    public Health notRunning(String status) {
        return body(status, "not checked while the service is " + status, statistics.lastError());
    }

    @Override
    public Health current() {
        Optional<String> influxProblem = probe.problem();
        boolean coordinatorDown = leadership.coordinatorProblem().isPresent();
        Instant term = leadership.termStarted();
        if (term == null) {
            // A standby: no cycle is due here.
            return body(influxProblem.isPresent() || coordinatorDown ? "unhealthy" : "healthy", influxProblem.orElse("ok"),
                    statistics.lastError());
        }
        long failedInRow = statistics.consecutiveFailures();
        Instant lastEnd = statistics.lastCycleFinished();
        Instant firstDue = term.plus(firstCycleDue);
        Duration sinceCycle = Duration.between(lastEnd != null && !lastEnd.isBefore(term) ? lastEnd : firstDue, clock.instant());
        boolean stuck = sinceCycle.compareTo(stuckAfter) > 0;
        boolean termStarting = lastEnd != null && lastEnd.isBefore(term);
        String status;
        if (influxProblem.isPresent() || coordinatorDown || failedInRow >= FAILED_CYCLES_UNHEALTHY || stuck) {
            status = "unhealthy";
        } else if (statistics.lastSuccessfulFetch() == null || termStarting) {
            status = "starting";
        } else if (failedInRow > 0 || mqtt.problem().isPresent()) {
            status = "degraded";
        } else {
            status = "healthy";
        }
        return body(status, influxProblem.orElse("ok"),
                stuck ? "no correlation cycle has ended for " + sinceCycle.toSeconds() + " s" : statistics.lastError());
    }

    private Health body(String status, String influxdb, String lastError) {
        long total = statistics.totalFetches();
        Instant lastSuccess = statistics.lastSuccessfulFetch();
        return new Health(status, "energy-correlator", Duration.between(statistics.startedAt(), clock.instant()).toSeconds(),
                lastSuccess == null ? null : lastSuccess.toString(), total, statistics.failedFetches(),
                total == 0 ? 0.0 : Percent.round((total - statistics.failedFetches()) * 100.0 / total),
                influxdb, statistics.consecutiveFailures(), lastError, mqtt.field(), leadership.role(), leadership.nodeId(),
                leadership.coordinatorField());
    }
}
