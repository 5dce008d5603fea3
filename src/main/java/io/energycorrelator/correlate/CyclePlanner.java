package io.energycorrelator.correlate;

import io.energycorrelator.config.Settings;

import java.time.Clock;
import java.time.Duration;

/** Decides which state changes a cycle looks at: those of the lookback window ending now. */
public class CyclePlanner {

    private final Clock clock;
    private final Duration lookback;

    public CyclePlanner(Settings settings, Clock clock) {
        this.clock = clock;
        this.lookback = settings.lookback();
    }

    public Cycle plan() {
        var now = clock.instant();
        return new Cycle(now.minus(lookback), now);
    }
}
