package io.energycorrelator.config;

import java.time.Duration;

/** The dashboard (GET /): how far back its list of recent correlations looks. */
public record DashboardSettings(Duration lookback) {

    public static DashboardSettings read(SettingsReader r) {
        return new DashboardSettings(Duration.ofDays(r.integer("correlator.dashboard.lookback-days", 1, 3_650)));
    }
}
