package io.energycorrelator.operations;

import io.energycorrelator.correlate.Statistics;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;

/**
 * The records the live cycles skipped, by reason, as the Prometheus counter
 * {@code energy_correlator_skipped_total{reason="..."}}: one series per reason seen (the reasons of
 * GET /statistics' "skipped"), read when Prometheus scrapes, so that a reason appears the first time it occurs.
 */
public class SkippedRecords implements Collector {

    public static final String NAME = "energy_correlator_skipped";

    private final Statistics statistics;

    public SkippedRecords(Statistics statistics) {
        this.statistics = statistics;
    }

    @Override
    public MetricSnapshot collect() {
        CounterSnapshot.Builder counter = CounterSnapshot.builder().name(NAME)
                .help("Records the live cycles could not use, by reason");
        statistics.skippedByReason().forEach((reason, count) -> counter.dataPoint(
                CounterSnapshot.CounterDataPointSnapshot.builder().labels(Labels.of("reason", reason)).value(count).build()));
        return counter.build();
    }
}
