package io.energycorrelator.operations;

import io.energycorrelator.backfill.Backfill;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.Map;

/** The backfill's progress as gauges, read from the same report as GET /backfill. */
public class BackfillMeters implements MeterBinder {

    private final Backfill backfill;
    private final Tags tags;

    public BackfillMeters(Backfill backfill) {
        this(backfill, Tags.empty());
    }

    /** @param tags with a homes file, {@code home=<id>} */
    public BackfillMeters(Backfill backfill, Tags tags) {
        this.backfill = backfill;
        this.tags = tags;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("energy_correlator.backfill.running", this, m -> "running".equals(m.report().get("status")) ? 1 : 0)
                .description("1 while a backfill runs, else 0")
                .tags(tags).strongReference(true).register(registry);
        Gauge.builder("energy_correlator.backfill.progress.ratio", this, BackfillMeters::progress)
                .description("How much of the running (or last) backfill's range is done, 0..1; NaN before any backfill")
                .tags(tags).strongReference(true).register(registry);
    }

    private double progress() {
        return report().get("percent_done") instanceof Number percent ? percent.doubleValue() / 100 : Double.NaN;
    }

    private Map<String, Object> report() {
        return backfill.status().body();
    }
}
