package io.energycorrelator.backfill;

import io.energycorrelator.correlate.Cycle;
import io.energycorrelator.correlate.CycleOutcome;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One backfill of [start, end): what its chunks did, added up as they finish (several workers at once), and how it
 * ended; read by GET /backfill while it runs. The route carries it as the exchange property
 * {@value Backfill#RUN}.
 */
public final class BackfillRun {

    private final Instant start;
    private final Instant end;
    private final Instant startedAt;
    private final AtomicLong doneNanos = new AtomicLong();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong found = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong belowThreshold = new AtomicLong();
    /** Always 0 today: a backfill reads its whole range, so nothing in it arrives after it was judged. */
    private final AtomicLong late = new AtomicLong();
    private final Map<String, AtomicLong> skipped = new ConcurrentHashMap<>();
    private volatile String status = "running";
    private volatile String error;
    private volatile Instant finishedAt;

    BackfillRun(Instant start, Instant end, Instant startedAt) {
        this.start = start;
        this.end = end;
        this.startedAt = startedAt;
    }

    public Instant start() {
        return start;
    }

    public Instant end() {
        return end;
    }

    public boolean running() {
        return "running".equals(status);
    }

    /** Why it failed, or null. */
    public String error() {
        return error;
    }

    public long eventsProcessed() {
        return events.get();
    }

    public long correlationsWritten() {
        return written.get();
    }

    /** A chunk that succeeded: its tally, and the time it covered (for percent_done). */
    void add(Cycle chunk, CycleOutcome outcome) {
        events.addAndGet(outcome.eventsProcessed());
        found.addAndGet(outcome.correlationsFound());
        written.addAndGet(outcome.correlationsWritten());
        belowThreshold.addAndGet(outcome.belowThreshold());
        late.addAndGet(outcome.late());
        outcome.skipped().forEach((reason, count) -> skipped.computeIfAbsent(reason, r -> new AtomicLong()).addAndGet(count));
        doneNanos.addAndGet(Duration.between(chunk.after(), outcome.settledUntil()).toNanos());
    }

    void finish(String status, String error, Instant at) {
        this.error = error;
        this.finishedAt = at;
        this.status = status;
    }

    /** GET /backfill's body. */
    Map<String, Object> report() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("start", start.toString());
        body.put("end", end.toString());
        body.put("events_processed", events.get());
        body.put("correlations_found", found.get());
        body.put("correlations_written", written.get());
        body.put("below_threshold", belowThreshold.get());
        body.put("late_state_changes", late.get());
        Map<String, Long> skippedByReason = new TreeMap<>();
        skipped.forEach((reason, count) -> skippedByReason.put(reason, count.get()));
        body.put("skipped", skippedByReason);
        double done = "completed".equals(status) ? 100.0
                : Math.min(100.0, doneNanos.get() * 100.0 / Duration.between(start, end).toNanos());
        body.put("percent_done", Math.round(done * 100.0) / 100.0);
        body.put("started_at", startedAt.toString());
        body.put("finished_at", finishedAt == null ? null : finishedAt.toString());
        body.put("error", error);
        return body;
    }
}
