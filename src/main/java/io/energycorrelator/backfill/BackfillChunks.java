package io.energycorrelator.backfill;

import io.energycorrelator.correlate.Cycle;
import io.energycorrelator.correlate.RouteNames;
import io.energycorrelator.correlate.StateChangesRead;
import org.apache.camel.ExchangeProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.stream.Stream;

/**
 * The bean {@code backfillChunks}: a backfill's range cut in spans of the cycle's maximum span (the workers take
 * them in turn, so that one's queries and writes overlap another's computing), and each span in chunks, as far as the
 * cycle's maximum of state changes allows.
 */
public class BackfillChunks {

    private final Duration maxSpan;
    private final int maxEvents;

    public BackfillChunks(Duration maxSpan, int maxEvents) {
        this.maxSpan = maxSpan;
        this.maxEvents = maxEvents;
    }

    /**
     * The first chunk of each span (after, until] of [start, end), made as the split asks for it: a month of one-minute
     * spans is not 43,200 chunks held at once.
     */
    public Iterator<Cycle> spans(@ExchangeProperty(Backfill.RUN) BackfillRun run) {
        Instant last = run.end().minusNanos(1);
        return Stream.iterate(run.start().minusNanos(1), t -> t.isBefore(last), t -> t.plus(maxSpan))
                .map(after -> new Cycle(Cycle.Run.BACKFILL, after, min(after.plus(maxSpan), last), maxEvents))
                .iterator();
    }

    /** The span's next chunk, from where the last one settled; null when the span is done. */
    public Cycle next(@ExchangeProperty(RouteNames.CYCLE) Cycle done,
            @ExchangeProperty(RouteNames.STATE_CHANGES_READ) StateChangesRead read) {
        return read.settledUntil().isBefore(done.until())
                ? new Cycle(Cycle.Run.BACKFILL, read.settledUntil(), done.until(), done.maxEvents())
                : null;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
