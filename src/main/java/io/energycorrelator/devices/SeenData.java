package io.energycorrelator.devices;

import io.energycorrelator.influx.FluxQueries;
import io.energycorrelator.influx.StreamingQuery;
import io.energycorrelator.observe.Statistics;
import io.energycorrelator.profile.SeenSpan;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The span the house's data covers, with one query: from where both the meter readings and the state rows
 * have begun (before that the devices' states or the meter are unknown) to the last meter reading. Energy is
 * counted only within it, so the last state is never carried past the data.
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
        Instant[] meterFirst = new Instant[1];
        Instant[] meterLast = new Instant[1];
        Instant[] stateFirst = new Instant[1];
        query.forEachRow(queries.dataEdges(stop), List.of("_time", "edge"), row -> {
            Instant t = row.time(0);
            switch (String.valueOf(row.text(1))) {
                case "meter_first" -> meterFirst[0] = t;
                case "meter_last" -> meterLast[0] = t;
                case "state_first" -> stateFirst[0] = stateFirst[0] == null || t.isBefore(stateFirst[0]) ? t : stateFirst[0];
                default -> throw new IllegalStateException("an unexpected row in the data's edges: " + row.text(1));
            }
        });
        statistics.fluxQuery();
        if (meterFirst[0] == null || meterLast[0] == null || stateFirst[0] == null) {
            return Optional.empty();
        }
        Instant from = meterFirst[0].isAfter(stateFirst[0]) ? meterFirst[0] : stateFirst[0];
        Instant until = meterLast[0];
        return Optional.of(new SeenSpan(from.isAfter(until) ? until : from, until));
    }
}
