package io.energycorrelator.config;

import java.time.Duration;

/**
 * What counts as a usable meter reading: within the plausible range, and (for the {@code nearest} rule and
 * the meter window's reach) no farther than the maximum gap from the instant it stands for. A reading holds
 * its value until the next one for at most {@code maxSilence} (zero: never), because Home Assistant writes a
 * sensor's row only when its value changes: a silent meter is a steady one.
 */
public record MeterSettings(Duration maxReadingGap, double minPlausibleW, double maxPlausibleW, Duration maxSilence) {

    public static MeterSettings read(Settings r) {
        return new MeterSettings(
                r.get("correlator.max-reading-gap-seconds").seconds(1, 3_600),
                r.get("correlator.meter.min-plausible-w").number(-10_000_000, 0),
                r.get("correlator.meter.max-plausible-w").number(1, 10_000_000),
                r.get("correlator.meter.max-silence-seconds").seconds(0, 86_400));
    }
}
