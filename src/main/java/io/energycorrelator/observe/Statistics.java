package io.energycorrelator.observe;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** The service's counters: what the cycles did, and how the last ones went. Thread-safe. */
public class Statistics {

    private final Clock clock;
    private final Instant startedAt;
    private final AtomicLong totalFetches = new AtomicLong();
    private final AtomicLong failedFetches = new AtomicLong();
    private final AtomicLong consecutiveFailures = new AtomicLong();
    private final AtomicReference<Instant> lastSuccessfulFetch = new AtomicReference<>();
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private final AtomicLong eventsProcessed = new AtomicLong();
    private final AtomicLong correlationsFound = new AtomicLong();
    private final AtomicLong correlationsWritten = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong fluxQueries = new AtomicLong();
    private final AtomicLong influxWrites = new AtomicLong();
    private final Map<String, AtomicLong> skipped = new ConcurrentHashMap<>();
    private final Set<String> reasonsLogged = ConcurrentHashMap.newKeySet();

    public Statistics(Clock clock) {
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    public void cycleStarted() {
        totalFetches.incrementAndGet();
    }

    public void cycleSucceeded() {
        consecutiveFailures.set(0);
        lastError.set(null);
        lastSuccessfulFetch.set(clock.instant());
    }

    public void cycleFailed(String reason) {
        failedFetches.incrementAndGet();
        errors.incrementAndGet();
        consecutiveFailures.incrementAndGet();
        lastError.set(reason);
    }

    public void eventsProcessed(int count) {
        eventsProcessed.addAndGet(count);
    }

    public void correlationFound() {
        correlationsFound.incrementAndGet();
    }

    public void correlationsWritten(int count) {
        influxWrites.incrementAndGet();
        correlationsWritten.addAndGet(count);
    }

    public void fluxQuery() {
        fluxQueries.incrementAndGet();
    }

    /**
     * Counts a record skipped for a reason.
     *
     * @return true the first time this reason is seen since start-up, so that the caller logs it once
     */
    public boolean skipped(String reason) {
        skipped.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
        return reasonsLogged.add(reason);
    }

    /** Zeroes the counters (POST /statistics/reset); uptime and the last success stay. */
    public void reset() {
        for (AtomicLong counter : new AtomicLong[] {totalFetches, failedFetches, eventsProcessed, correlationsFound,
                correlationsWritten, errors, fluxQueries, influxWrites}) {
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

    public long errors() {
        return errors.get();
    }

    public long fluxQueries() {
        return fluxQueries.get();
    }

    public long influxWrites() {
        return influxWrites.get();
    }

    public Map<String, Long> skippedByReason() {
        Map<String, Long> copy = new TreeMap<>();
        skipped.forEach((reason, count) -> copy.put(reason, count.get()));
        return copy;
    }
}
