package io.energycorrelator.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.energycorrelator.config.BackfillSettings;
import io.energycorrelator.config.CycleSettings;
import io.energycorrelator.correlate.Cycle;
import io.energycorrelator.correlate.RouteNames;
import io.energycorrelator.correlate.SkipLog;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * POST /backfill and GET /backfill: correlates a historical range [start, end) in the background, in
 * bounded chunks (the cycle's maximum of events and of time span), through the same route as the live
 * cycle ({@value RouteNames#CORRELATE_RANGE}), by a few workers side by side. Output points are idempotent, so re-running a range gives the same
 * points. One backfill at a time; it does not move the live watermark nor the live statistics.
 */
public class Backfill {

    /** routes/devices.camel.yaml: the daily energy of the days [header start, header end) touches, up to its end. */
    static final String DAILY_ENERGY_FOR_RANGE = "direct:daily-energy-for-range";
    /** routes/devices.camel.yaml: every device profile, stored once more as it stands. */
    static final String STORE_PROFILES = "direct:store-profiles";
    private static final Logger LOG = LoggerFactory.getLogger(Backfill.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ATTEMPTS_PER_CHUNK = 3;

    /** What the HTTP route answers: a status code and a JSON body. */
    public record Answer(int status, Map<String, Object> body) {
    }

    private final ProducerTemplate producer;
    private final ExecutorService executor;
    private final List<ExecutorService> workers;
    private final BackfillSettings settings;
    private final CycleSettings cycle;
    private final Clock clock;
    private final Duration retryDelay;
    private final BooleanSupplier stopping;
    private final SkipLog skipLog;
    private volatile Progress progress;

    /**
     * @param executor runs the backfill's coordinator
     * @param workers  each runs one span at a time
     * @param stopping true once the service is shutting down: a running backfill then stops between chunks
     *                 (and says so), rather than holding up the shutdown
     * @param skipLog  logs each chunk's skipped records, one line per chunk
     */
    public Backfill(ProducerTemplate producer, ExecutorService executor, List<ExecutorService> workers,
            BackfillSettings settings, CycleSettings cycle, Clock clock, Duration retryDelay, BooleanSupplier stopping,
            SkipLog skipLog) {
        this.producer = producer;
        this.executor = executor;
        this.workers = workers;
        this.settings = settings;
        this.cycle = cycle;
        this.clock = clock;
        this.retryDelay = retryDelay;
        this.stopping = stopping;
        this.skipLog = skipLog;
    }

    public synchronized Answer start(@Body String body) {
        if (progress != null && progress.running()) {
            return error(409, "a backfill is already running; one at a time");
        }
        Instant start;
        Instant end;
        try {
            JsonNode request = JSON.readTree(body == null ? "" : body);
            if (request == null || !request.isObject()) {
                return error(400, "the body must be a JSON object: {\"start\": RFC 3339 time, \"end\": RFC 3339 time}");
            }
            start = time(request, "start");
            end = time(request, "end");
        } catch (BadRequest e) {
            return error(400, e.getMessage());
        } catch (Exception e) {
            return error(400, "the body must be a JSON object: {\"start\": RFC 3339 time, \"end\": RFC 3339 time}");
        }
        if (!start.isBefore(end)) {
            return error(400, "'start' must be before 'end'");
        }
        if (end.isAfter(clock.instant())) {
            return error(400, "'end' is in the future; a backfill covers history, the live cycle handles the rest");
        }
        if (Duration.between(start, end).compareTo(settings.maxRange()) > 0) {
            return error(400, "the range is longer than " + settings.maxRange().toDays()
                    + " days (correlator.backfill.max-range-days)");
        }
        Progress started = new Progress(start, end, clock.instant());
        progress = started;
        executor.submit(() -> run(started));
        return new Answer(202, started.report());
    }

    public Answer status() {
        Progress current = progress;
        if (current == null) {
            Map<String, Object> idle = new LinkedHashMap<>();
            idle.put("status", "idle"); // no backfill since start-up: nothing else to report
            return new Answer(200, idle);
        }
        return new Answer(200, current.report());
    }

    /**
     * Cuts [start, end) into spans of the cycle's maximum span and has the workers take them in turn, so
     * that one worker's queries and writes overlap another's computing; within a span, chunks follow one
     * another as far as the cycle's maximum of events allows.
     */
    private void run(Progress p) {
        LOG.info("Backfill of [{}, {}) started with {} workers", p.start, p.end, workers.size());
        List<Instant> bounds = new ArrayList<>();
        for (Instant t = p.start.minusNanos(1); t.isBefore(p.end.minusNanos(1)); t = t.plus(cycle.maxSpan())) {
            bounds.add(t);
        }
        bounds.add(p.end.minusNanos(1));
        AtomicInteger nextSpan = new AtomicInteger();
        AtomicReference<Exception> failure = new AtomicReference<>();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (ExecutorService worker : workers) {
                running.add(worker.submit(() -> {
                    for (int i = nextSpan.getAndIncrement(); i < bounds.size() - 1 && failure.get() == null;
                            i = nextSpan.getAndIncrement()) {
                        try {
                            runSpan(p, bounds.get(i), bounds.get(i + 1));
                        } catch (Exception e) {
                            failure.compareAndSet(null, e);
                        }
                    }
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
            if (failure.get() != null) {
                throw failure.get();
            }
            long correlated = System.nanoTime();
            send(STORE_PROFILES, p);
            send(DAILY_ENERGY_FOR_RANGE, p);
            p.finish("completed", null, clock.instant());
            LOG.info("Backfill of [{}, {}) completed: {} state changes, {} correlations written; the profiles and the daily energy of its"
                    + " days in {} ms", p.start, p.end, p.events.get(), p.written.get(),
                    (System.nanoTime() - correlated) / 1_000_000);
        } catch (Exception e) {
            String reason = e instanceof ExecutionException ? e.getCause().getMessage() : e.getMessage();
            p.finish("failed", reason, clock.instant());
            LOG.warn("Backfill of [{}, {}) failed: {}", p.start, p.end, reason);
        }
    }

    /**
     * After the chunks: the profiles as they stand ({@value #STORE_PROFILES}), then the devices' daily energy for the
     * days the backfill covered, with those profiles ({@value #DAILY_ENERGY_FOR_RANGE}).
     */
    private void send(String endpoint, Progress p) throws Exception {
        Exchange done = producer.send(endpoint, e -> {
            e.getMessage().setHeader("start", p.start);
            e.getMessage().setHeader("end", p.end);
        });
        if (done.getException() != null) {
            throw done.getException();
        }
    }

    /** One span (after, until], chunk after chunk. */
    private void runSpan(Progress p, Instant after, Instant until) throws Exception {
        Instant cursor = after;
        while (cursor.isBefore(until)) {
            if (stopping.getAsBoolean()) {
                throw new IllegalStateException("the service stopped; run the backfill again to finish it");
            }
            Cycle chunk = runChunk(new Cycle(Cycle.Run.BACKFILL, cursor, until, cycle.maxEvents()));
            p.add(chunk, Duration.between(cursor, chunk.settledUntil()));
            skipLog.summarize(chunk);
            cursor = chunk.settledUntil();
        }
    }

    /** One chunk through the route; a failed chunk is tried again after a pause, a few times. */
    private Cycle runChunk(Cycle planned) throws Exception {
        for (int attempt = 1; ; attempt++) {
            Cycle chunk = new Cycle(Cycle.Run.BACKFILL, planned.after(), planned.until(), planned.maxEvents());
            Exchange done = producer.send(RouteNames.CORRELATE_RANGE, e -> {
                e.setProperty(RouteNames.CYCLE, chunk);
                e.getMessage().setBody(null);
            });
            if (done.getException() == null) {
                return chunk;
            }
            if (attempt == ATTEMPTS_PER_CHUNK || stopping.getAsBoolean()) {
                throw done.getException();
            }
            LOG.warn("Backfill chunk {} failed (attempt {} of {}), retrying: {}", chunk, attempt, ATTEMPTS_PER_CHUNK,
                    done.getException().getMessage());
            Thread.sleep(retryDelay.toMillis());
        }
    }

    private static Instant time(JsonNode request, String field) throws BadRequest {
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) {
            throw new BadRequest("'" + field + "' is required: an RFC 3339 time such as 2024-03-01T00:00:00Z");
        }
        try {
            return OffsetDateTime.parse(value.asText()).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadRequest("'" + field + "' is not an RFC 3339 time (such as 2024-03-01T00:00:00Z): " + value);
        }
    }

    private static Answer error(int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        return new Answer(status, body);
    }

    private static final class BadRequest extends Exception {
        BadRequest(String message) {
            super(message);
        }
    }

    /** The state of one backfill, read by GET /backfill while it runs; updated by several workers. */
    private static final class Progress {
        final Instant start;
        final Instant end;
        final Instant startedAt;
        final AtomicLong doneNanos = new AtomicLong();
        final AtomicLong events = new AtomicLong();
        final AtomicLong found = new AtomicLong();
        final AtomicLong written = new AtomicLong();
        final AtomicLong belowThreshold = new AtomicLong();
        /** Always 0 today: a backfill reads its whole range, so nothing in it arrives after it was judged. */
        final AtomicLong late = new AtomicLong();
        final Map<String, AtomicLong> skipped = new ConcurrentHashMap<>();
        volatile String status = "running";
        volatile String error;
        volatile Instant finishedAt;

        Progress(Instant start, Instant end, Instant startedAt) {
            this.start = start;
            this.end = end;
            this.startedAt = startedAt;
        }

        boolean running() {
            return "running".equals(status);
        }

        void add(Cycle chunk, Duration covered) {
            events.addAndGet(chunk.eventsProcessed());
            found.addAndGet(chunk.correlationsFound());
            written.addAndGet(chunk.correlationsWritten());
            belowThreshold.addAndGet(chunk.belowThresholdCount());
            late.addAndGet(chunk.lateStateChanges());
            chunk.skipped().forEach((reason, count) -> skipped.computeIfAbsent(reason, r -> new AtomicLong()).addAndGet(count));
            doneNanos.addAndGet(covered.toNanos());
        }

        void finish(String status, String error, Instant at) {
            this.error = error;
            this.finishedAt = at;
            this.status = status;
        }

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
}
