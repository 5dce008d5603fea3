package io.energycorrelator.correlate;

import io.energycorrelator.config.CycleSettings;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Plans the live cycle: the state changes after the watermark whose after-window is complete, i.e.
 * event + the estimator's reach + grace for late meter data ≤ now. Later ones wait for a later cycle. A cycle
 * spans at most the configured span, so that catching up after a long outage goes in bounded steps. It also
 * looks back over the late-data window before the watermark for rows that arrived late ({@link LateRows}).
 */
public class CyclePlanner {

    private final Watermark watermark;
    private final Clock clock;
    private final Duration settleTime;
    private final Duration maxSpan;
    private final int maxEvents;
    private final Duration lateDataWindow;

    /** @param reach how far after a state change the step estimator reads (its after-window) */
    public CyclePlanner(Watermark watermark, CycleSettings cycle, Duration reach, Clock clock) {
        this.watermark = watermark;
        this.clock = clock;
        this.settleTime = reach.plus(cycle.lateDataGrace());
        this.maxSpan = cycle.maxSpan();
        this.maxEvents = cycle.maxEvents();
        this.lateDataWindow = cycle.lateDataWindow();
    }

    public Cycle plan() {
        Instant after = watermark.current();
        Instant settled = clock.instant().minus(settleTime);
        Instant spanEnd = after.plus(maxSpan);
        // Late rows are looked for over the window before the watermark, never before a fresh install's start.
        Instant lookBackFrom = after.minus(lateDataWindow);
        Instant floor = watermark.freshStart();
        return new Cycle(Cycle.Run.LIVE, after, settled.isBefore(spanEnd) ? settled : spanEnd, maxEvents,
                floor != null && lookBackFrom.isBefore(floor) ? floor : lookBackFrom);
    }
}
