package io.energycorrelator.correlate;

import io.energycorrelator.config.Schema;
import io.energycorrelator.influx.FluxQueries;
import io.energycorrelator.influx.FluxRow;
import io.energycorrelator.influx.NamedResults;
import io.energycorrelator.influx.StreamingQuery;
import io.energycorrelator.model.MeterWindow;
import io.energycorrelator.model.StateChange;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.LongStream;

/**
 * Reads a cycle's state changes, oldest first, and their neighbours within the overlap reach either side,
 * in one request, which also reads, where the layout has no previous-state field, each entity's state before
 * the cycle, and for a live cycle the meter readings its state changes need ({@link MeterWindowLoader#readAhead});
 * one query more when the cycle is cut at its maximum (the backlog is counted). When a series
 * reaches the per-series limit (a backlog), the cycle's own range and the neighbours are read apart. A record that cannot be used is skipped and counted by reason; whether
 * its domain is tracked is {@link TrackedDomains}' business.
 */
public class StateChangeReader {

    private final StreamingQuery query;
    private final FluxQueries queries;
    private final Statistics statistics;
    private final Schema schema;
    private final Duration overlapReach;
    private final LateRows lateRows;
    private final MeterWindowLoader meterReadAhead;

    /**
     * @param overlapReach   how close another state change must be to overlap one (the estimator's reach)
     * @param meterReadAhead whose meter readings a live cycle reads in the same request as its state changes; null: none
     */
    public StateChangeReader(StreamingQuery query, FluxQueries queries, Statistics statistics, Schema schema,
            Duration overlapReach, LateRows lateRows, MeterWindowLoader meterReadAhead) {
        this.lateRows = lateRows;
        this.meterReadAhead = meterReadAhead;
        this.query = query;
        this.queries = queries;
        this.statistics = statistics;
        this.schema = schema;
        this.overlapReach = overlapReach;
    }

    /**
     * The route's step: the range's state changes; what the read found and the look-back, made afresh for each range
     * (a backfill span's chunks share one exchange), go into the exchange properties
     * {@value RouteNames#STATE_CHANGES_READ} and {@value RouteNames#LOOK_BACK}.
     */
    public List<StateChange> read(@ExchangeProperty(RouteNames.CYCLE) Cycle cycle, Exchange exchange) {
        StateChangesRead read = new StateChangesRead(cycle);
        LookBack lookBack = new LookBack(cycle);
        exchange.setProperty(RouteNames.STATE_CHANGES_READ, read);
        exchange.setProperty(RouteNames.LOOK_BACK, lookBack);
        return read(cycle, read, lookBack);
    }

    /** The state changes of a range without a look-back (the daily energy reads its ranges so); where it was cut in {@code read}. */
    public List<StateChange> readRange(Cycle cycle, StateChangesRead read) {
        return read(cycle, read, new LookBack(cycle));
    }

    private List<StateChange> read(Cycle cycle, StateChangesRead read, LookBack look) {
        if (cycle.isEmptyRange() && !look.looksBack()) {
            return List.of();
        }
        int limit = cycle.maxEvents() + 1;
        Instant from = look.from();
        // One request for the cycle's records, its look-back's and their neighbours within the overlap reach either
        // side; with them, where the layout derives previous states, each entity's last state before, and for a live
        // cycle the meter readings its state changes will need (read ahead: one round trip, not three).
        StateRows wide = new StateRows(schema, cycle.after(), cycle.until(), limit);
        List<NamedResults.Part> parts = new ArrayList<>();
        parts.add(new NamedResults.Part("state_changes", queries.stateChanges(from.minus(overlapReach),
                cycle.until().plus(overlapReach), limit), StateRows.columns(schema), wide::add));
        LastStates lastAtFrom = schema.derivesPreviousState() ? new LastStates() : null;
        Instant lastStatesAt = from;
        if (lastAtFrom != null) {
            parts.add(new NamedResults.Part("last_states", queries.lastStatesAtOrBefore(from), lastAtFrom.columns, lastAtFrom));
        }
        if (meterReadAhead != null && cycle.run() == Cycle.Run.LIVE) {
            MeterWindowLoader.ReadAhead ahead = meterReadAhead.readAhead(from, cycle.until());
            read.meterReadAhead(ahead);
            parts.add(ahead.part());
        }
        NamedResults.forEachRow(query, parts);
        statistics.fluxQuery();
        List<StateRows.Row> around = null;
        List<StateRows.Row> rows;
        List<StateRows.Row> lookBack;
        if (wide.seriesReached(limit)) {
            // A series that long may have spent its limit before the cycle: read the cycle's own range.
            rows = rows(cycle, cycle.after(), cycle.until(), limit).sorted();
            lookBack = look.looksBack() ? everyRow(from, cycle.after()) : List.of();
        } else {
            Instant cut = wide.earliestKeptBeforeIfCut();
            if (cut != null && cut.isAfter(from)) {
                // A burst before the watermark: look back only over the rows kept, whole instants only.
                look.narrowTo(cut);
                from = cut;
            }
            Instant lookBackFrom = from;
            around = wide.sorted();
            rows = around.stream().filter(r -> r.time().isAfter(cycle.after()) && !r.time().isAfter(cycle.until())).toList();
            lookBack = around.stream().filter(r -> r.time().isAfter(lookBackFrom) && !r.time().isAfter(cycle.after())).toList();
        }
        if (rows.size() > cycle.maxEvents()) {
            rows = cut(cycle, read, rows);
            // The rows read kept only the earliest of the range: the neighbours after the cut are not all there.
            around = null;
        }
        boolean remember = cycle.run() == Cycle.Run.LIVE && !lateRows.window().isZero();
        List<StateChange> changes = new ArrayList<>(rows.size());
        Map<String, String> lastState = !schema.derivesPreviousState() || rows.isEmpty() && lookBack.isEmpty() ? null
                : from.equals(lastStatesAt) ? lastAtFrom.states() : lastStatesAtOrBefore(from);
        boolean late = lateRows.knowsTheWindow();
        for (StateRows.Row row : lookBack) {
            Judged judged = judge(row, lastState);
            StateChange superseded = lateRows.supersededBy(LateRows.keyOf(row), entityId(row.entityTag(), row.domain()),
                    row.state(), judged.previous());
            if (superseded != null) {
                look.supersede(superseded);
            }
            if (lateRows.judgedBefore(LateRows.keyOf(row), row.state(), judged.previous()) != null) {
                if (judged.change() != null) {
                    look.recheck(judged.change());
                }
            } else if (!late) {
                // The first cycle after a start: judged again, counted only if it makes a correlation now.
                takeQuietly(look, row, judged, remember, changes);
            } else if (take(read, look, row, judged, remember, changes)) {
                look.late();
            }
        }
        for (StateRows.Row row : rows) {
            take(read, look, row, judge(row, lastState), remember, changes);
        }
        if (!changes.isEmpty()) {
            List<StateChange> settledAround = new ArrayList<>(changes);
            settledAround.addAll(look.rechecks());
            recordStateChangeTimes(read, settledAround,
                    around == null ? neighbours(read, look) : neighbours(read, look, around));
        }
        return changes;
    }

    /** A row as judged: the state change it makes, or why it is skipped; and its previous state. */
    private record Judged(StateChange change, String skipReason, String previous) {
    }

    /** Counts the row's skips, adds its state change, remembers it for the late-data window; true for a state change. */
    private static boolean take(StateChangesRead read, LookBack look, StateRows.Row row, Judged judged, boolean remember,
            List<StateChange> changes) {
        for (int i = 0; i < row.duplicates(); i++) {
            read.skip("duplicate_state_change", row);
        }
        if (remember) {
            remember(look, row, judged);
        }
        if (judged.change() == null) {
            read.skip(judged.skipReason(), row);
            return false;
        }
        changes.add(judged.change());
        return true;
    }

    /**
     * A look-back row of the first cycle after a start, not known to be settled: most were judged (and counted)
     * by the process before, so its skips are not counted again, and its state change counts only if it now
     * makes a correlation (one that came in while the service was down).
     */
    private static void takeQuietly(LookBack look, StateRows.Row row, Judged judged, boolean remember, List<StateChange> changes) {
        if (remember) {
            remember(look, row, judged);
        }
        if (judged.change() != null) {
            changes.add(judged.change());
            look.recheckedAfterStart(judged.change());
        }
    }

    /** The row as the late-rows ledger will know it once the cycle succeeds. */
    private static void remember(LookBack look, StateRows.Row row, Judged judged) {
        look.saw(LateRows.keyOf(row),
                new LateRows.Seen(row.state(), judged.previous(), (row.state() == null ? 0 : 1) + row.duplicates()));
    }

    /** Every record in (after, until], however many. */
    private List<StateRows.Row> everyRow(Instant after, Instant until) {
        StateRows all = new StateRows(schema);
        query.forEachRow(queries.stateChanges(after, until, Integer.MAX_VALUE), StateRows.columns(schema), all::add);
        statistics.fluxQuery();
        return all.sorted();
    }

    /**
     * The records of the state-change query in (after, until]: at most {@code limit} from each series, and of
     * those in the cycle's range only the earliest {@code limit}.
     */
    private StateRows rows(Cycle cycle, Instant after, Instant until, int limit) {
        StateRows rows = new StateRows(schema, cycle.after(), cycle.until(), limit);
        query.forEachRow(queries.stateChanges(after, until, limit), StateRows.columns(schema), rows::add);
        statistics.fluxQuery();
        return rows;
    }

    /**
     * Keeps the first {@code maxEvents} rows, less those sharing a timestamp with the first row left out (the
     * watermark moves past whole instants only), and counts what waits for the next cycles.
     */
    private List<StateRows.Row> cut(Cycle cycle, StateChangesRead read, List<StateRows.Row> rows) {
        Instant firstLeftOut = rows.get(cycle.maxEvents()).time();
        List<StateRows.Row> kept = rows.stream().filter(r -> r.time().isBefore(firstLeftOut)).toList();
        Instant settledUntil;
        if (kept.isEmpty()) {
            // More rows than the maximum at one single instant: take that instant whole.
            settledUntil = firstLeftOut;
            StateRows instant = new StateRows(schema);
            query.forEachRow(queries.stateChanges(firstLeftOut.minusNanos(1), firstLeftOut, Integer.MAX_VALUE),
                    StateRows.columns(schema), instant::add);
            statistics.fluxQuery();
            kept = instant.sorted();
        } else {
            settledUntil = kept.get(kept.size() - 1).time();
        }
        long[] backlog = new long[1];
        query.forEachRow(queries.countStateChanges(settledUntil, cycle.until()), List.of("_value"),
                row -> backlog[0] = ((Number) row.value(0)).longValue());
        statistics.fluxQuery();
        read.cutAt(settledUntil, backlog[0]);
        return kept;
    }

    /** The records within the overlap reach outside the cycle, from the rows read around it. */
    private List<StateRows.Row> neighbours(StateChangesRead read, LookBack look, List<StateRows.Row> around) {
        Instant end = read.settledUntil().plus(overlapReach);
        return around.stream().filter(r -> !r.time().isAfter(look.from())
                || r.time().isAfter(read.settledUntil()) && !r.time().isAfter(end)).toList();
    }

    /** The records within the overlap reach outside the cycle, read on their own. */
    private List<StateRows.Row> neighbours(StateChangesRead read, LookBack look) {
        StateRows neighbours = new StateRows(schema);
        query.forEachRow(queries.neighbouringStateChanges(look.from().minus(overlapReach), look.from(),
                read.settledUntil(), read.settledUntil().plus(overlapReach)), StateRows.columns(schema), neighbours::add);
        statistics.fluxQuery();
        return neighbours.sorted();
    }

    /**
     * The times of the cycle's state changes and of its neighbours (oldest first): the records there that
     * change a state (not a repeat of the same state, as attribute-only updates are).
     */
    private void recordStateChangeTimes(StateChangesRead read, List<StateChange> changes, List<StateRows.Row> neighbours) {
        Map<String, String> lastState = new HashMap<>();
        LongStream.Builder times = LongStream.builder();
        changes.forEach(change -> times.add(MeterWindow.toNanos(change.time())));
        for (StateRows.Row row : neighbours) {
            String entity = entityId(row.entityTag(), row.domain());
            String previous = schema.derivesPreviousState() ? lastState.put(String.valueOf(entity), row.state()) : row.previous();
            if (row.state() != null && !row.state().equals(previous)) {
                times.add(MeterWindow.toNanos(row.time()));
            }
        }
        read.stateChangeTimes(times.build().sorted().toArray());
    }

    /**
     * Each entity's last state at or before an instant (one query): for layouts that store no previous state
     * the state changes of a cycle take their previous state from it, in time order; a device's daily energy
     * starts from it.
     */
    public Map<String, String> lastStatesAtOrBefore(Instant instant) {
        LastStates last = new LastStates();
        query.forEachRow(queries.lastStatesAtOrBefore(instant), last.columns, last);
        statistics.fluxQuery();
        return last.states();
    }

    /** Collects the rows of {@link FluxQueries#lastStatesAtOrBefore}: the latest state of each entity. */
    private final class LastStates implements Consumer<FluxRow> {
        final List<String> columns = List.of("_time", "_value", schema.entityTag(), schema.domainTag());
        private record Last(Instant time, String state) {
        }

        private final Map<String, Last> latest = new HashMap<>();

        @Override
        public void accept(FluxRow row) {
            String entityId = entityId(StateRows.text(row.text(2)), StateRows.text(row.text(3)));
            String state = StateRows.text(row.value(1));
            if (entityId != null && state != null) {
                latest.merge(entityId, new Last(row.time(0), state), (a, b) -> a.time().isAfter(b.time()) ? a : b);
            }
        }

        Map<String, String> states() {
            Map<String, String> states = new HashMap<>();
            latest.forEach((entity, last) -> states.put(entity, last.state()));
            return states;
        }
    }

    /**
     * @param lastState where the previous state is derived: each entity's state so far, updated here as
     *                  the rows go by (in time order); null where the layout has a previous-state field
     */
    private Judged judge(StateRows.Row row, Map<String, String> lastState) {
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
        return new Judged(reason == null ? new StateChange(row.time(), entityId, domain, state, previous) : null, reason, previous);
    }

    /** The full entity id (switch.lamp), whether the layout's tag holds it whole or only the object id. */
    private String entityId(String tag, String domain) {
        return tag == null || schema.entityTagHasDomain() || domain == null ? tag : domain + "." + tag;
    }
}
