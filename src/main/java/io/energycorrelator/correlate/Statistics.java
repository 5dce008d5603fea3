package io.energycorrelator.correlate;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** The service's counters: what the cycles did, and how the last ones went. Thread-safe. */
public class Statistics {

    private final Clock clock;
    private final Instant startedAt;
    private final AtomicLong totalFetches = new AtomicLong();
    private final AtomicLong failedFetches = new AtomicLong();
    private final AtomicLong consecutiveFailures = new AtomicLong();
    private final AtomicReference<Instant> lastSuccessfulFetch = new AtomicReference<>();
    private final AtomicReference<Instant> lastCycleFinished = new AtomicReference<>();
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private final AtomicLong eventsProcessed = new AtomicLong();
    private final AtomicLong correlationsFound = new AtomicLong();
    private final AtomicLong correlationsWritten = new AtomicLong();
    private final AtomicLong belowThreshold = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong fluxQueries = new AtomicLong();
    private final AtomicLong influxWrites = new AtomicLong();
    private final Map<String, AtomicLong> skipped = new ConcurrentHashMap<>();
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong lateStateChanges = new AtomicLong();
    private final AtomicReference<Instant> watermark = new AtomicReference<>();

    public Statistics(Clock clock) {
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    public void cycleStarted() {
        totalFetches.incrementAndGet();
    }

    /** A live cycle succeeded: its tally counts now, once (all of it at once for {@link #consistently}). */
    public synchronized void cycleSucceeded(CycleOutcome cycle) {
        eventsProcessed.addAndGet(cycle.eventsProcessed());
        correlationsFound.addAndGet(cycle.correlationsFound());
        correlationsWritten.addAndGet(cycle.correlationsWritten());
        belowThreshold.addAndGet(cycle.belowThreshold());
        lateStateChanges.addAndGet(cycle.late());
        cycle.skipped().forEach((reason, count) -> skipped.computeIfAbsent(reason, r -> new AtomicLong()).addAndGet(count));
        backlog.set(cycle.backlog());
        watermark.set(cycle.settledUntil());
        consecutiveFailures.set(0);
        lastError.set(null);
        lastSuccessfulFetch.set(clock.instant());
        lastCycleFinished.set(clock.instant());
    }

    public synchronized void cycleFailed(String reason) {
        failedFetches.incrementAndGet();
        errors.incrementAndGet();
        consecutiveFailures.incrementAndGet();
        lastError.set(reason);
        lastCycleFinished.set(clock.instant());
    }

    /**
     * Reads several figures as whole cycles left them: a cycle's tally never shows in some of them (events
     * processed) and not yet in others (the backlog it left).
     */
    public synchronized <T> T consistently(Supplier<T> read) {
        return read.get();
    }

    /** A record skipped outside any cycle (a daily-energy point InfluxDB refused), counted at once. */
    public void skipped(String reason) {
        skipped.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
    }

    public void fluxQuery() {
        fluxQueries.incrementAndGet();
    }

    public void influxWrite() {
        influxWrites.incrementAndGet();
    }

    /** Zeroes the counters (POST /statistics/reset); uptime and the last success stay. */
    public synchronized void reset() {
        for (AtomicLong counter : new AtomicLong[] {totalFetches, failedFetches, eventsProcessed, correlationsFound,
                correlationsWritten, belowThreshold, lateStateChanges, errors, fluxQueries, influxWrites}) {
            counter.set(0);
        }
        skipped.clear();
    }

    public Instant startedAt() {
        return startedAt;
    }

    public long totalFetches() {
        return totalFetches.get();
    }

    public long failedFetches() {
        return failedFetches.get();
    }

    public long consecutiveFailures() {
        return consecutiveFailures.get();
    }

    public Instant lastSuccessfulFetch() {
        return lastSuccessfulFetch.get();
    }

    /** When the last live cycle ended, successfully or not; null before the first. */
    public Instant lastCycleFinished() {
        return lastCycleFinished.get();
    }

    public String lastError() {
        return lastError.get();
    }

    public long eventsProcessed() {
        return eventsProcessed.get();
    }

    public long correlationsFound() {
        return correlationsFound.get();
    }

    public long correlationsWritten() {
        return correlationsWritten.get();
    }

    /** Correlations whose step stayed below the threshold (not written). */
    /** State changes judged after the watermark had passed them (rows that arrived late). */
    public long lateStateChanges() {
        return lateStateChanges.get();
    }

    public long belowThreshold() {
        return belowThreshold.get();
    }

    public long errors() {
        return errors.get();
    }

    public long fluxQueries() {
        return fluxQueries.get();
    }

    public long influxWrites() {
        return influxWrites.get();
    }

    /** State changes that waited in the last cycle's range because the cycle reached its maximum. */
    public long backlog() {
        return backlog.get();
    }

    /** Where the last successful cycle left the watermark, or null before one. */
    public Instant watermark() {
        return watermark.get();
    }

    public Map<String, Long> skippedByReason() {
        Map<String, Long> copy = new TreeMap<>();
        skipped.forEach((reason, count) -> copy.put(reason, count.get()));
        return copy;
    }
}
