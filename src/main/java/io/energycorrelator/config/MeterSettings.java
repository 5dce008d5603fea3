package io.energycorrelator.config;

import java.time.Duration;

/**
 * What counts as a usable meter reading: within the plausible range, and (for the {@code nearest} rule and
 * the meter window's reach) no farther than the maximum gap from the instant it stands for.
 */
public record MeterSettings(Duration maxReadingGap, double minPlausibleW, double maxPlausibleW) {

    public static MeterSettings read(SettingsReader r) {
        return new MeterSettings(
                r.seconds("correlator.max-reading-gap-seconds", 1, 3_600),
                r.decimal("correlator.meter.min-plausible-w", -10_000_000, 0),
                r.decimal("correlator.meter.max-plausible-w", 1, 10_000_000));
    }
}
