package io.energycorrelator.operations;

import io.energycorrelator.correlate.Statistics;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;

import java.util.Map;

/**
 * The records the live cycles skipped, by reason, as the Prometheus counter
 * {@code energy_correlator_skipped_total{reason="..."}}: one series per reason seen (the reasons of
 * GET /statistics' "skipped"), read when Prometheus scrapes, so that a reason appears the first time it occurs.
 */
public class SkippedRecords implements Collector {

    public static final String NAME = "energy_correlator_skipped";

    /** Each home's statistics by its id; one home without a homes file, whose series have no label home. */
    private final Map<String, Statistics> homes;

    public SkippedRecords(Statistics statistics) {
        this.homes = Map.of("", statistics);
    }

    /** @param homes each home's statistics by home id: every series labelled {@code home} too */
    public SkippedRecords(Map<String, Statistics> homes) {
        this.homes = homes;
    }

    @Override
    public MetricSnapshot collect() {
        CounterSnapshot.Builder counter = CounterSnapshot.builder().name(NAME)
                .help("Records the live cycles could not use, by reason");
        homes.forEach((home, statistics) -> statistics.skippedByReason().forEach((reason, count) -> counter.dataPoint(
                CounterSnapshot.CounterDataPointSnapshot.builder()
                        .labels(home.isEmpty() ? Labels.of("reason", reason) : Labels.of("home", home, "reason", reason))
                        .value(count).build())));
        return counter.build();
    }
}
