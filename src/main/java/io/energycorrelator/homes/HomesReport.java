package io.energycorrelator.homes;

import io.energycorrelator.operations.HealthReport;

import java.util.List;
import java.util.Map;

/** GET /homes: every home this process serves, each with its own health (as /health reports a single home's). */
public final class HomesReport {

    public record HomeHealth(String home, HealthReport.Health health) {
    }

    private final Map<String, HealthReport> homes;

    /** @param homes each home's report, by home id, in the homes file's order */
    public HomesReport(Map<String, HealthReport> homes) {
        this.homes = homes;
    }

    public List<HomeHealth> list() {
        return homes.entrySet().stream().map(e -> new HomeHealth(e.getKey(), e.getValue().current())).toList();
    }
}
