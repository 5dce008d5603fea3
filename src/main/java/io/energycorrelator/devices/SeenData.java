package io.energycorrelator.devices;

import io.energycorrelator.influx.FluxQueries;
import io.energycorrelator.influx.StreamingQuery;
import io.energycorrelator.correlate.Statistics;
import io.energycorrelator.devices.profile.SeenSpan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The span the house's data covers, with three small queries: from where both the meter readings and the
 * state rows have begun (before that the devices' states or the meter are unknown) to the last meter reading.
 * Energy is counted only within it, so the last state is never carried past the data.
 */
public class SeenData {

    private final StreamingQuery query;
    private final FluxQueries queries;
    private final Statistics statistics;

    public SeenData(StreamingQuery query, FluxQueries queries, Statistics statistics) {
        this.query = query;
        this.queries = queries;
        this.statistics = statistics;
    }

    /** The span the data before {@code stop} covers; empty when there is no meter reading or no state row yet. */
    public Optional<SeenSpan> before(Instant stop) {
        // Each query answers a row per series it selected from (a meter may be stored as several series).
        Optional<Instant> meterFirst = times(queries.meterEdge(stop, false)).min(Instant::compareTo);
        Optional<Instant> stateFirst = times(queries.firstStateRows(stop)).min(Instant::compareTo);
        Optional<Instant> meterLast = times(queries.meterEdge(stop, true)).max(Instant::compareTo);
        if (meterFirst.isEmpty() || stateFirst.isEmpty() || meterLast.isEmpty()) {
            return Optional.empty();
        }
        Instant from = meterFirst.get().isAfter(stateFirst.get()) ? meterFirst.get() : stateFirst.get();
        Instant until = meterLast.get();
        return Optional.of(new SeenSpan(from.isAfter(until) ? until : from, until));
    }

    /** The _time of each row a query answers with (one query). */
    private Stream<Instant> times(String flux) {
        List<Instant> times = new ArrayList<>();
        query.forEachRow(flux, List.of("_time"), row -> times.add(row.time(0)));
        statistics.fluxQuery();
        return times.stream();
    }
}
