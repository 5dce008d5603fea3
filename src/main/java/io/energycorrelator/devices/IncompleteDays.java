package io.energycorrelator.devices;

import io.energycorrelator.influx.FluxQueries;
import io.energycorrelator.influx.StreamingQuery;
import io.energycorrelator.correlate.Statistics;
import io.energycorrelator.devices.profile.DeviceEnergyFields;

import java.time.Instant;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/** The days whose stored energy points say the data did not cover them whole ({@code complete=false}), by their start. */
public class IncompleteDays {

    private final StreamingQuery query;
    private final FluxQueries queries;
    private final Statistics statistics;

    public IncompleteDays(StreamingQuery query, FluxQueries queries, Statistics statistics) {
        this.query = query;
        this.queries = queries;
        this.statistics = statistics;
    }

    /** The start of each day stored incomplete that starts before {@code stop}, oldest first. */
    public SortedSet<Instant> before(Instant stop) {
        SortedSet<Instant> starts = new TreeSet<>();
        query.forEachRow(queries.timesWhereFalse(DeviceEnergyFields.MEASUREMENT, DeviceEnergyFields.COMPLETE, Instant.EPOCH, stop),
                List.of("_time"), row -> starts.add(row.time(0)));
        statistics.fluxQuery();
        return starts;
    }
}
