package io.energycorrelator.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.energycorrelator.config.BackfillSettings;
import io.energycorrelator.correlate.Cycle;
import io.energycorrelator.correlate.CycleOutcome;
import io.energycorrelator.correlate.CycleTally;
import io.energycorrelator.correlate.RouteNames;
import io.energycorrelator.correlate.SkipLog;
import org.apache.camel.Body;
import org.apache.camel.CamelExchangeException;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The bean {@code backfill}: POST /backfill's request checked and accepted (one backfill at a time), GET /backfill's
 * answer, and the state of the accepted run as routes/backfill.camel.yaml works on it (chunks counted, the stop
 * between chunks, how it ended). The work itself is the route's.
 */
public class Backfill {

    /** Exchange property of routes/backfill.camel.yaml: the {@link BackfillRun} being worked on. */
    public static final String RUN = "backfill";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NOT_AN_OBJECT = "the body must be a JSON object: {\"start\": RFC 3339 time, \"end\": RFC 3339 time}";

    /** What the HTTP route answers: a status code and a JSON body. */
    public record Answer(int status, Map<String, Object> body) {
    }

    private final BackfillSettings settings;
    private final Clock clock;
    private final BooleanSupplier stopping;
    private final SkipLog skipLog;
    private volatile BackfillRun current;

    /**
     * @param stopping true once the service is shutting down (or no longer leads): a running backfill then stops
     *                 between chunks, and says so, rather than holding up the shutdown
     * @param skipLog  logs each chunk's skipped records, one line per chunk
     */
    public Backfill(BackfillSettings settings, Clock clock, BooleanSupplier stopping, SkipLog skipLog) {
        this.settings = settings;
        this.clock = clock;
        this.stopping = stopping;
        this.skipLog = skipLog;
    }

    /** POST /backfill: 202 and the new run (the route then hands it to seda:backfill), or 400 or 409 with the reason. */
    public synchronized Answer start(@Body String body) {
        if (current != null && current.running()) {
            return error(409, "a backfill is already running; one at a time");
        }
        Instant start;
        Instant end;
        try {
            JsonNode request = JSON.readTree(body == null ? "" : body);
            if (request == null || !request.isObject()) {
                return error(400, NOT_AN_OBJECT);
            }
            start = time(request, "start");
            end = time(request, "end");
        } catch (BadRequest e) {
            return error(400, e.getMessage());
        } catch (Exception e) {
            return error(400, NOT_AN_OBJECT);
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
        current = new BackfillRun(start, end, clock.instant());
        return new Answer(202, current.report());
    }

    /** GET /backfill: the running or last backfill, or {"status":"idle"} before any since start-up. */
    public Answer status() {
        BackfillRun run = current;
        if (run == null) {
            Map<String, Object> idle = new LinkedHashMap<>();
            idle.put("status", "idle");
            return new Answer(200, idle);
        }
        return new Answer(200, run.report());
    }

    /** The run POST /backfill accepted last: the one seda:backfill has to work on. */
    public BackfillRun accepted() {
        return current;
    }

    /** True when the run must stop before its next chunk: the service stops, or the run already failed elsewhere. */
    public boolean mustStop(@ExchangeProperty(RUN) BackfillRun run) {
        return stopping.getAsBoolean() || !run.running();
    }

    /** A chunk done: what it did ({@link CycleTally}) counts in the run, and its skipped records are logged (one line). */
    public void counted(@ExchangeProperty(RUN) BackfillRun run, @ExchangeProperty(RouteNames.CYCLE) Cycle chunk, Exchange exchange) {
        CycleOutcome outcome = CycleTally.outcome(exchange);
        run.add(chunk, outcome);
        skipLog.summarize(chunk, outcome);
    }

    public void completed(@ExchangeProperty(RUN) BackfillRun run) {
        run.finish("completed", null, clock.instant());
    }

    /** The run failed: the reason is the failing chunk's (or stop's) own message, not the split's wrapper around it. */
    public void failed(@ExchangeProperty(RUN) BackfillRun run, @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable caught) {
        Throwable cause = caught;
        while (cause instanceof CamelExchangeException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        run.finish("failed", cause == null ? null : cause.getMessage(), clock.instant());
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
}
