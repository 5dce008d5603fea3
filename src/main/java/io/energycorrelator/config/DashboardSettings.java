package io.energycorrelator.config;

import java.time.Duration;

/** The dashboard (GET /): how far back its list of recent correlations looks. */
public record DashboardSettings(Duration lookback) {

    public static DashboardSettings read(Settings r) {
        return new DashboardSettings(Duration.ofDays(r.get("correlator.dashboard.lookback-days").wholeNumber(1, 3_650)));
    }
}
