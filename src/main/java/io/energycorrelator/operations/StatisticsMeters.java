package io.energycorrelator.operations;

import io.energycorrelator.correlate.Statistics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.ToDoubleFunction;

/**
 * The live cycles' statistics (the same numbers GET /statistics shows) as Prometheus counters and gauges,
 * read from {@link Statistics} when Prometheus scrapes. The counters count successful cycles' tallies, once
 * each; POST /statistics/reset sets them back to 0, which Prometheus takes as a counter reset.
 */
public class StatisticsMeters implements MeterBinder {

    private final Statistics statistics;
    private final Clock clock;
    private final Tags tags;

    public StatisticsMeters(Statistics statistics, Clock clock) {
        this(statistics, clock, Tags.empty());
    }

    /** @param tags with a homes file, {@code home=<id>}: each home's series apart */
    public StatisticsMeters(Statistics statistics, Clock clock, Tags tags) {
        this.statistics = statistics;
        this.clock = clock;
        this.tags = tags;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        counter(registry, "energy_correlator.events.processed", "State changes the live cycles processed",
                Statistics::eventsProcessed);
        counter(registry, "energy_correlator.correlations.found", "Power steps read that reached the threshold",
                Statistics::correlationsFound);
        counter(registry, "energy_correlator.correlations.written", "Correlations InfluxDB accepted",
                Statistics::correlationsWritten);
        counter(registry, "energy_correlator.below.threshold", "Power steps read that stayed below the threshold",
                Statistics::belowThreshold);
        counter(registry, "energy_correlator.late.state.changes",
                "State changes judged after the watermark had passed them (rows that arrived within the late-data window)",
                Statistics::lateStateChanges);
        counter(registry, "energy_correlator.cycle.failures", "Live cycles that failed (and were redone)",
                Statistics::errors);
        Gauge.builder("energy_correlator.backlog.events", statistics, Statistics::backlog)
                .description("State changes the last cycle left for the next ones (it reached its maximum)")
                .tags(tags).strongReference(true).register(registry);
        Gauge.builder("energy_correlator.watermark.lag.seconds", statistics, s -> secondsSince(s.watermark()))
                .description("How far the watermark (every state change before it is settled) is behind now; NaN before the first cycle")
                .tags(tags).strongReference(true).register(registry);
        Gauge.builder("energy_correlator.last.successful.cycle.timestamp.seconds", statistics,
                        s -> s.lastSuccessfulFetch() == null ? Double.NaN : s.lastSuccessfulFetch().toEpochMilli() / 1000.0)
                .description("When the last live cycle succeeded (Unix time); NaN before the first")
                .tags(tags).strongReference(true).register(registry);
    }

    private void counter(MeterRegistry registry, String name, String description, ToDoubleFunction<Statistics> value) {
        FunctionCounter.builder(name, statistics, value).description(description).tags(tags).register(registry);
    }

    private double secondsSince(Instant instant) {
        return instant == null ? Double.NaN : Duration.between(instant, clock.instant()).toMillis() / 1000.0;
    }
}
