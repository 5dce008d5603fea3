package io.energycorrelator.correlate;

import io.energycorrelator.influx.FluxQueries;
import io.energycorrelator.influx.PointLine;
import io.energycorrelator.influx.StreamingQuery;
import io.energycorrelator.model.MeterWindow;
import io.energycorrelator.model.StateChange;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Rows that reach InfluxDB after the watermark has passed them. Home Assistant queues the rows it could not
 * write and retries them (20 s apart, each kept 30 s + 20 s × its retries), and Telegraf buffers meter readings
 * the same way: such rows land with their original time, behind the watermark. So each live cycle also reads
 * a look-back window before the watermark (the late-data window), and this ledger tells which of the rows
 * there were judged already, and with what inputs:
 * <ul>
 * <li>a row it has not seen, or whose previous state differs (a late row before it changed it), is judged
 *     now and counted as {@code late};</li>
 * <li>a state change whose meter readings around it have changed since it was judged (readings that came late,
 *     e.g. after it was skipped as {@code no_meter_data}) is judged again and counted as {@code late};</li>
 * <li>anything else was settled, and is left alone: each state change is correlated once.</li>
 * </ul>
 * What it knows reaches it only when a cycle succeeded ({@link #settled}), so a failed cycle is redone whole.
 *
 * <p>Rows later than the window are never correlated, but they are not lost without a word: once a row leaves
 * the window, its minute's count of state records is kept for an audit horizon ({@value #AUDIT_WINDOWS} windows),
 * and every {@value #AUDIT_EVERY_CYCLES}th cycle compares those counts with InfluxDB's (one query); what is more now is counted as
 * {@code too_late} and logged with the window's setting.
 *
 * <p>After a restart the ledger is empty: the first cycle takes the correlations already written in the
 * look-back as settled (one query), and judges the other rows there again, counted only if they make a correlation
 * now (most were judged by the process before; a state change that came in while the service was down is
 * correlated then). Writing
 * a correlation again lands on the same point.
 */
public class LateRows {

    private static final Logger LOG = LoggerFactory.getLogger(LateRows.class);
    static final String TOO_LATE = "too_late";
    /** How many late-data windows back the too-late audit looks. */
    static final int AUDIT_WINDOWS = 6;
    /** The audit runs on the first cycle and every this many after it: rows that late are rare, a query a cycle is not. */
    static final int AUDIT_EVERY_CYCLES = 5;
    private static final long MINUTE_NANOS = 60_000_000_000L;

    /** A stored row of the state-change query, as read: its tags and time. */
    record RowKey(String entityTag, String domain, Instant time) {
    }

    /**
     * What a row was when it was judged: its state and previous state, its records of the state field, and
     * the meter readings around it (-1: not a state change the cycle judged). {@code recalled}: a correlation
     * written before this process started, its state and previous state as its tags store them; settled while its row
     * reads the same, superseded when a late row has changed its previous state.
     */
    record Seen(String state, String previous, int stateRecords, int readings, boolean recalled) {
        Seen(String state, String previous, int stateRecords) {
            this(state, previous, stateRecords, -1, false);
        }

        Seen withReadings(int count) {
            return new Seen(state, previous, stateRecords, count, false);
        }
    }

    private final StreamingQuery query;
    private final FluxQueries queries;
    private final Statistics statistics;
    private final boolean entityTagHasDomain;
    private final Duration window;
    private final Duration meterReach;
    private final Map<RowKey, Seen> seen = new HashMap<>();
    /** State records per minute (start, in ns) of the rows that have left the window, within the audit horizon. */
    private final TreeMap<Long, Long> recordsPerMinute = new TreeMap<>();
    private boolean recalled;
    private boolean audited;
    private int cyclesSinceAudit;
    /** A live cycle has succeeded since the start: the window's rows are known, a new one there is late. */
    private boolean knowsTheWindow;

    /**
     * @param entityTagHasDomain whether the layout's entity tag holds the full id ({@code switch.lamp}) or only
     *                           the object id ({@code lamp}, the domain in its own tag)
     * @param window             how far before the watermark a cycle looks for late rows (zero: not at all)
     * @param meterReach         how far either side of a state change the estimator reads: the readings there that
     *                           came late bring it back
     */
    public LateRows(StreamingQuery query, FluxQueries queries, Statistics statistics, boolean entityTagHasDomain,
            Duration window, Duration meterReach) {
        this.query = query;
        this.queries = queries;
        this.statistics = statistics;
        this.entityTagHasDomain = entityTagHasDomain;
        this.window = window;
        this.meterReach = meterReach;
    }

    public Duration window() {
        return window;
    }

    /** Whether this process knows the rows of the window (false on the first cycle after a start). */
    synchronized boolean knowsTheWindow() {
        return knowsTheWindow;
    }

    /**
     * A look-back row judged before with the same state and previous state, or null. A recalled correlation is
     * compared in the form its tags were stored in (cleaned, no previous state stored as {@value CorrelationPoints#UNKNOWN_STATE}).
     */
    synchronized Seen judgedBefore(RowKey key, String state, String previous) {
        Seen before = seen.get(key);
        if (before == null) {
            return null;
        }
        boolean same = before.recalled()
                ? Objects.equals(before.state(), stateTag(state)) && Objects.equals(before.previous(), previousTag(previous))
                : Objects.equals(before.state(), state) && Objects.equals(before.previous(), previous);
        return same ? before : null;
    }

    /**
     * A look-back row judged before with the same state but another previous state (a late row before it changed
     * it), whose judgement then was a state change: that state change as it was correlated, or null. For a
     * correlation recalled after a start, as its point's tags read (those its delete must match).
     */
    synchronized StateChange supersededBy(RowKey key, String entityId, String state, String previous) {
        Seen before = seen.get(key);
        if (before == null || before.state() == null) {
            return null;
        }
        if (before.recalled()) {
            return before.state().equals(stateTag(state)) && !before.previous().equals(previousTag(previous))
                    ? new StateChange(key.time(), entityId, key.domain(), before.state(), before.previous()) : null;
        }
        if (!before.state().equals(state) || Objects.equals(before.previous(), previous) || before.state().equals(before.previous())) {
            return null;
        }
        return new StateChange(key.time(), entityId, key.domain(), before.state(), before.previous());
    }

    /** A state as its correlation's tag stores it. */
    private static String stateTag(String state) {
        return PointLine.cleanTag(state);
    }

    /** A previous state as its correlation's tag stores it. */
    private static String previousTag(String previous) {
        return previous == null || previous.isEmpty() ? CorrelationPoints.UNKNOWN_STATE : PointLine.cleanTag(previous);
    }

    /**
     * A new term as leader of a pair: the rows another node judged meanwhile are unknown here, so the next cycle
     * recalls the look-back from InfluxDB again, as after a start.
     */
    public synchronized void forget() {
        seen.clear();
        recordsPerMinute.clear();
        recalled = false;
        audited = false;
        cyclesSinceAudit = 0;
        knowsTheWindow = false;
    }

    /**
     * First cycle after a start: the correlations already written in the look-back count as settled (one
     * query); the other rows there are judged again by the cycle.
     */
    public synchronized void recallOnce(@ExchangeProperty(RouteNames.CYCLE) Cycle cycle) {
        if (recalled) {
            return;
        }
        if (cycle.looksBack()) {
            int[] count = new int[1];
            query.forEachRow(queries.correlationsIn(CorrelationPoints.MEASUREMENT, cycle.lookBackFrom(), cycle.after()),
                    List.of("_time", "entity_id", "domain", "state", "previous_state"), row -> {
                        String entityId = StateRows.text(row.text(1));
                        String domain = StateRows.text(row.text(2));
                        if (entityId != null) {
                            seen.put(new RowKey(tagOf(entityId, domain), domain, row.time(0)),
                                    new Seen(StateRows.text(row.text(3)), previousTag(StateRows.text(row.text(4))), 1, -1, true));
                            count[0]++;
                        }
                    });
            statistics.fluxQuery();
            LOG.info("Late-data window ({}, {}]: {} correlations written before this start taken as settled",
                    cycle.lookBackFrom(), cycle.after(), count[0]);
        }
        recalled = true;
    }

    /**
     * After the meter window is loaded: the look-back state changes judged before whose readings around them
     * have changed since (readings that came late) are judged again, added to the state changes in time order.
     * Every state change returned is remembered with its readings once the cycle succeeds.
     */
    public List<StateChange> withLateReadings(@Body List<StateChange> changes,
            @ExchangeProperty(RouteNames.LOOK_BACK) LookBack lookBack, @ExchangeProperty(RouteNames.METER_WINDOW) MeterWindow meter) {
        List<StateChange> again = new ArrayList<>();
        synchronized (this) {
            for (StateChange change : lookBack.rechecks()) {
                RowKey key = keyOf(change);
                Seen before = seen.get(key);
                if (before != null && before.readings() >= 0 && before.readings() != readingsAround(meter, change.time())) {
                    again.add(change);
                    lookBack.saw(key, before);
                    lookBack.late();
                }
            }
        }
        List<StateChange> all = changes;
        if (!again.isEmpty()) {
            all = new ArrayList<>(changes);
            all.addAll(again);
            all.sort(Comparator.comparing(StateChange::time));
        }
        lookBack.judged(all);
        return all;
    }

    /**
     * The live cycle succeeded: the rows it read are settled, each state change it judged with the readings
     * it was judged on.
     */
    public synchronized void settled(@ExchangeProperty(RouteNames.CYCLE) Cycle cycle,
            @ExchangeProperty(RouteNames.STATE_CHANGES_READ) StateChangesRead read,
            @ExchangeProperty(RouteNames.LOOK_BACK) LookBack lookBack, @ExchangeProperty(RouteNames.METER_WINDOW) MeterWindow meter) {
        if (window.isZero()) {
            return;
        }
        knowsTheWindow = true;
        if (lookBack.lateStateChanges() > 0) {
            LOG.info("Live cycle ({}, {}]: {} state changes judged late (their rows arrived within the late-data window of {} min"
                    + " after the watermark had passed them)", cycle.after(), read.settledUntil(), lookBack.lateStateChanges(),
                    window.toMinutes());
        }
        seen.putAll(lookBack.rowsSeen());
        if (meter != null) {
            for (StateChange change : lookBack.judged()) {
                RowKey key = keyOf(change);
                Seen s = seen.get(key);
                if (s != null) {
                    seen.put(key, s.withReadings(readingsAround(meter, change.time())));
                }
            }
        }
    }

    /**
     * Before the cycle reads: the rows that left the window since the last cycle are counted by minute, and the
     * minutes of the audit horizon are compared with InfluxDB's counts (one query). Rows that arrived after
     * their minute left the window are counted as {@code too_late}: how many, the route keeps in the exchange property
     * {@value RouteNames#TOO_LATE} (0 when the cycle did not audit).
     */
    public long auditTooLate(@ExchangeProperty(RouteNames.CYCLE) Cycle cycle) {
        if (cycle.run() != Cycle.Run.LIVE || window.isZero()) {
            return 0;
        }
        synchronized (this) {
            if (audited && ++cyclesSinceAudit < AUDIT_EVERY_CYCLES) {
                return 0;
            }
            cyclesSinceAudit = 0;
        }
        Instant edge = cycle.lookBackFrom();
        long edgeNanos = MeterWindow.toNanos(edge);
        long horizonStart = edgeNanos - window.multipliedBy(AUDIT_WINDOWS).toNanos();
        synchronized (this) {
            for (Iterator<Map.Entry<RowKey, Seen>> it = seen.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<RowKey, Seen> e = it.next();
                long t = MeterWindow.toNanos(e.getKey().time());
                if (t <= edgeNanos) {
                    if (audited) {
                        recordsPerMinute.merge(minuteOf(t), (long) e.getValue().stateRecords(), Long::sum);
                    }
                    it.remove();
                }
            }
            recordsPerMinute.headMap(minuteOf(horizonStart)).clear();
        }
        Map<Long, Long> stored = new TreeMap<>();
        query.forEachRow(queries.stateRecordsPerMinute(Instant.ofEpochSecond(0, horizonStart), edge), List.of("_time", "_value"),
                row -> stored.merge(minuteOf(row.timeNanos(0) - 1), ((Number) row.value(1)).longValue(), Long::sum));
        statistics.fluxQuery();
        long tooLate = 0;
        synchronized (this) {
            for (Map.Entry<Long, Long> minute : stored.entrySet()) {
                if (minute.getKey() < minuteOf(horizonStart)) {
                    continue;
                }
                long known = recordsPerMinute.getOrDefault(minute.getKey(), 0L);
                if (audited && minute.getValue() > known) {
                    tooLate += minute.getValue() - known;
                }
                recordsPerMinute.put(minute.getKey(), minute.getValue());
            }
            audited = true;
        }
        if (tooLate > 0) {
            LOG.warn("{} state changes arrived more than the late-data window ({} min, LATE_DATA_WINDOW_MINUTES) after their time,"
                    + " between {} and {}: not correlated (a backfill of that range correlates them)", tooLate, window.toMinutes(),
                    Instant.ofEpochSecond(0, horizonStart), edge);
        }
        return tooLate;
    }

    /** How many readings lie within the meter reach of an instant. */
    private int readingsAround(MeterWindow meter, Instant time) {
        long t = MeterWindow.toNanos(time);
        long reach = meterReach.toNanos();
        int from = meter.firstIndexAtOrAfter(t - reach);
        int to = meter.lastIndexAtOrBefore(t + reach);
        return Math.max(0, to - from + 1);
    }

    /** The entity tag as stored: the full id, or the object id where the layout keeps the domain apart. */
    private String tagOf(String entityId, String domain) {
        return entityTagHasDomain || domain == null || !entityId.startsWith(domain + ".") ? entityId
                : entityId.substring(domain.length() + 1);
    }

    static RowKey keyOf(StateRows.Row row) {
        return new RowKey(row.entityTag(), row.domain(), row.time());
    }

    private RowKey keyOf(StateChange change) {
        return new RowKey(tagOf(change.entityId(), change.domain()), change.domain(), change.time());
    }

    private static long minuteOf(long nanos) {
        return Math.floorDiv(nanos, MINUTE_NANOS) * MINUTE_NANOS;
    }
}
