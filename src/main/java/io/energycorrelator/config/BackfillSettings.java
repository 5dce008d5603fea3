package io.energycorrelator.config;

import java.time.Duration;

/** POST /backfill: the longest range one backfill may cover, and how many spans are worked on side by side. */
public record BackfillSettings(Duration maxRange, int workers) {

    public static BackfillSettings read(Settings r) {
        return new BackfillSettings(
                Duration.ofDays(r.get("correlator.backfill.max-range-days").wholeNumber(1, 3_650)),
                (int) r.get("correlator.backfill.workers").wholeNumber(1, 8));
    }
}
