package io.energycorrelator.dashboard;

import io.energycorrelator.influx.FluxQueries;

import java.time.Instant;

/**
 * The Flux queries behind the dashboard's JSON endpoints that the correlation cycle does not make itself
 * (the meter readings around an instant come from {@link FluxQueries#meterReadings}). Values are quoted by
 * {@link FluxQueries#string}; times are {@link Instant}s; the limit is a number checked by the caller.
 */
public final class DashboardQueries {

    private final String bucket;
    private final String correlationMeasurement;

    /** @param correlationMeasurement where the service writes its correlations */
    public DashboardQueries(String bucket, String correlationMeasurement) {
        this.bucket = bucket;
        this.correlationMeasurement = correlationMeasurement;
    }

    /**
     * The newest {@code limit} correlations since {@code since}, newest first: one row per point, its fields
     * as columns beside _time and the tags. Each stored series (one per entity and transition) is pivoted on
     * its own, so two entities that changed at the same instant stay two rows.
     */
    public String recentCorrelations(Instant since, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        return "from(bucket: " + FluxQueries.string(bucket) + ")\n"
                + "  |> range(start: " + FluxQueries.time(since) + ")\n"
                + "  |> filter(fn: (r) => r._measurement == " + FluxQueries.string(correlationMeasurement) + ")\n"
                + "  |> pivot(rowKey: [\"_time\"], columnKey: [\"_field\"], valueColumn: \"_value\")\n"
                + "  |> group()\n"
                + "  |> sort(columns: [\"_time\", \"entity_id\"], desc: true)\n"
                + "  |> limit(n: " + limit + ")\n";
    }
}
