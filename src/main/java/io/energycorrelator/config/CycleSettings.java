package io.energycorrelator.config;

import java.time.Duration;

/**
 * The live cycle: how often, where a fresh install starts, when a state change is settled, how much one
 * cycle (or one backfill chunk) may take, and the threshold a step must reach to be written.
 */
public record CycleSettings(Duration interval, Duration firstDelay, Duration lookback, Duration lateDataGrace,
        Duration lateDataWindow, int maxEvents, Duration maxSpan, double minPowerDeltaW) {

    public static CycleSettings read(SettingsReader r) {
        return new CycleSettings(
                r.seconds("correlator.processing-interval-seconds", 1, 86_400),
                r.seconds("correlator.first-cycle-delay-seconds", 0, 3_600),
                r.minutes("correlator.lookback-minutes", 1, 10_080),
                r.seconds("correlator.late-data-grace-seconds", 0, 86_400),
                r.minutes("correlator.late-data-window-minutes", 0, 1_440),
                (int) r.integer("correlator.max-events-per-cycle", 1, 1_000_000),
                r.minutes("correlator.max-cycle-span-minutes", 1, 10_080),
                r.decimal("correlator.min-power-delta-w", 0, 1_000_000));
    }
}
