package io.energycorrelator.config;

import java.time.Duration;

/** POST /backfill: the longest range one backfill may cover, and how many spans are worked on side by side. */
public record BackfillSettings(Duration maxRange, int workers) {

    public static BackfillSettings read(SettingsReader r) {
        return new BackfillSettings(
                Duration.ofDays(r.integer("correlator.backfill.max-range-days", 1, 3_650)),
                (int) r.integer("correlator.backfill.workers", 1, 8));
    }
}
