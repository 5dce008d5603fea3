package io.energycorrelator.config;

import java.time.Duration;

/**
 * The live cycle: how often, where a fresh install starts, when a state change is settled, how much one
 * cycle (or one backfill chunk) may take, and the threshold a step must reach to be written.
 */
public record CycleSettings(Duration interval, Duration firstDelay, Duration lookback, Duration lateDataGrace,
        Duration lateDataWindow, int maxEvents, Duration maxSpan, double minPowerDeltaW) {

    public static CycleSettings read(Settings r) {
        return new CycleSettings(
                r.get("correlator.processing-interval-seconds").seconds(1, 86_400),
                r.get("correlator.first-cycle-delay-seconds").seconds(0, 3_600),
                r.get("correlator.lookback-minutes").minutes(1, 10_080),
                r.get("correlator.late-data-grace-seconds").seconds(0, 86_400),
                r.get("correlator.late-data-window-minutes").minutes(0, 1_440),
                (int) r.get("correlator.max-events-per-cycle").wholeNumber(1, 1_000_000),
                r.get("correlator.max-cycle-span-minutes").minutes(1, 10_080),
                r.get("correlator.min-power-delta-w").number(0, 1_000_000));
    }
}
