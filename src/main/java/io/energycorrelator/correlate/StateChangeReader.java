package io.energycorrelator.correlate;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.query.FluxRecord;
import io.energycorrelator.config.Schema;
import io.energycorrelator.influx.FluxQueries;
import io.energycorrelator.influx.StreamingQuery;
import io.energycorrelator.model.MeterWindow;
import io.energycorrelator.model.StateChange;
import io.energycorrelator.observe.Statistics;
import org.apache.camel.ExchangeProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

/**
 * Reads a cycle's state changes, oldest first, with one Flux query; one more where the layout has no
 * previous-state field (each entity's state before the cycle), and one more when the cycle is cut at its
 * maximum (the backlog is counted). A record that cannot be used is skipped and counted by reason; whether
 * its domain is tracked is {@link TrackedDomains}' business.
 */
public class StateChangeReader {

    private final InfluxDBClient influx;
    private final StreamingQuery streaming;
    private final FluxQueries queries;
    private final Statistics statistics;
    private final Schema schema;
    private final Duration overlapReach;

    /** @param overlapReach how close another state change must be to overlap one (the estimator's reach) */
    public StateChangeReader(InfluxDBClient influx, StreamingQuery streaming, FluxQueries queries, Statistics statistics,
            Schema schema, Duration overlapReach) {
        this.influx = influx;
        this.streaming = streaming;
        this.queries = queries;
        this.statistics = statistics;
        this.schema = schema;
        this.overlapReach = overlapReach;
    }

    public List<StateChange> read(@ExchangeProperty(RouteNames.CYCLE) Cycle cycle) {
        if (cycle.isEmptyRange()) {
            return List.of();
        }
        List<StateRows.Row> rows = rows(cycle.after(), cycle.until(), cycle.maxEvents() + 1);
        if (rows.size() > cycle.maxEvents()) {
            rows = cut(cycle, rows);
        }
        List<StateChange> changes = new ArrayList<>(rows.size());
        Map<String, String> lastState = schema.derivesPreviousState() && !rows.isEmpty()
                ? lastStatesAtOrBefore(cycle.after()) : null;
        for (StateRows.Row row : rows) {
            for (int i = 0; i < row.duplicates(); i++) {
                SkipLog.skipped(cycle, "duplicate_state_change", row);
            }
            StateChange change = toStateChange(cycle, row, lastState);
            if (change != null) {
                changes.add(change);
            }
        }
        if (!changes.isEmpty()) {
            recordStateChangeTimes(cycle, changes);
        }
        return changes;
    }

    /** The state changes in (after, until], oldest first: at most {@code limit} from each series. */
    private List<StateRows.Row> rows(Instant after, Instant until, int limit) {
        StateRows rows = new StateRows(schema);
        streaming.forEachRecord(queries.stateChanges(after, until, limit), rows::add);
        statistics.fluxQuery();
        return rows.sorted();
    }

    /**
     * Keeps the first {@code maxEvents} rows, less those sharing a timestamp with the first row left out (the
     * watermark moves past whole instants only), and counts what waits for the next cycles.
     */
    private List<StateRows.Row> cut(Cycle cycle, List<StateRows.Row> rows) {
        Instant firstLeftOut = rows.get(cycle.maxEvents()).time();
        List<StateRows.Row> kept = rows.stream().filter(r -> r.time().isBefore(firstLeftOut)).toList();
        Instant settledUntil;
        if (kept.isEmpty()) {
            // More rows than the maximum at one single instant: take that instant whole.
            settledUntil = firstLeftOut;
            kept = rows(firstLeftOut.minusNanos(1), firstLeftOut, Integer.MAX_VALUE);
        } else {
            settledUntil = kept.get(kept.size() - 1).time();
        }
        List<FluxRecord> count = query(queries.countStateChanges(settledUntil, cycle.until()));
        cycle.cutAt(settledUntil, count.isEmpty() ? 0 : ((Number) count.get(0).getValue()).longValue());
        return kept;
    }

    /**
     * The times of the cycle's state changes and of its neighbours within the overlap reach outside it: the
     * records there that change a state (not a repeat of the same state, as attribute-only updates are).
     */
    private void recordStateChangeTimes(Cycle cycle, List<StateChange> changes) {
        StateRows neighbours = new StateRows(schema);
        streaming.forEachRecord(queries.neighbouringStateChanges(
                cycle.after().minus(overlapReach), cycle.after(), cycle.settledUntil(), cycle.settledUntil().plus(overlapReach)),
                neighbours::add);
        statistics.fluxQuery();
        Map<String, String> lastState = new HashMap<>();
        LongStream.Builder times = LongStream.builder();
        changes.forEach(change -> times.add(MeterWindow.toNanos(change.time())));
        for (StateRows.Row row : neighbours.sorted()) {
            String entity = entityId(row.entityTag(), row.domain());
            String previous = schema.derivesPreviousState() ? lastState.put(String.valueOf(entity), row.state()) : row.previous();
            if (row.state() != null && !row.state().equals(previous)) {
                times.add(MeterWindow.toNanos(row.time()));
            }
        }
        cycle.stateChangeTimes(times.build().sorted().toArray());
    }

    private List<FluxRecord> query(String flux) {
        List<FluxRecord> rows = influx.getQueryApi().query(flux).stream().flatMap(t -> t.getRecords().stream()).toList();
        statistics.fluxQuery();
        return rows;
    }

    /**
     * Each entity's last state at or before an instant (one query): for layouts that store no previous state
     * the state changes of a cycle take their previous state from it, in time order; a device's daily energy
     * starts from it.
     */
    public Map<String, String> lastStatesAtOrBefore(Instant instant) {
        Map<String, FluxRecord> latest = new HashMap<>();
        for (FluxRecord row : query(queries.lastStatesAtOrBefore(instant))) {
            String entityId = entityId(StateRows.text(row.getValueByKey(schema.entityTag())),
                    StateRows.text(row.getValueByKey(schema.domainTag())));
            if (entityId != null && StateRows.text(row.getValue()) != null) {
                latest.merge(entityId, row, (a, b) -> a.getTime().isAfter(b.getTime()) ? a : b);
            }
        }
        Map<String, String> states = new HashMap<>();
        latest.forEach((entity, row) -> states.put(entity, StateRows.text(row.getValue())));
        return states;
    }

    /**
     * @param lastState where the previous state is derived: each entity's state so far, updated here as
     *                  the rows go by (in time order); null where the layout has a previous-state field
     */
    private StateChange toStateChange(Cycle cycle, StateRows.Row row, Map<String, String> lastState) {
        String entityId = entityId(row.entityTag(), row.domain());
        String domain = row.domain();
        String state = row.state();
        String previous = lastState == null ? row.previous()
                : entityId == null || state == null ? null : lastState.put(entityId, state);
        String reason = entityId == null ? "missing_entity_id"
                : domain == null ? "missing_domain"
                : state == null ? "missing_state"
                : state.equals(previous) ? "state_unchanged"
                : null;
        if (reason != null) {
            SkipLog.skipped(cycle, reason, row);
            return null;
        }
        return new StateChange(row.time(), entityId, domain, state, previous);
    }

    /** The full entity id (switch.lamp), whether the layout's tag holds it whole or only the object id. */
    private String entityId(String tag, String domain) {
        return tag == null || schema.entityTagHasDomain() || domain == null ? tag : domain + "." + tag;
    }
}
