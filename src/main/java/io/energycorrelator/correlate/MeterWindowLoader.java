package io.energycorrelator.correlate;

import io.energycorrelator.config.MeterSettings;
import io.energycorrelator.influx.FluxQueries;
import io.energycorrelator.influx.FluxRow;
import io.energycorrelator.influx.NamedResults;
import io.energycorrelator.influx.StreamingQuery;
import io.energycorrelator.model.MeterWindow;
import io.energycorrelator.model.StateChange;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Loads the meter readings that a cycle's state changes need, with ONE streamed range query: from the first
 * event − reach to the last event + reach, where reach = the estimator's reach + the maximum reading gap
 * (and, for a meter silent at an edge of that range, one small query more: below). No events, no query.
 * A live cycle asks for them in the same request as its state changes, over its whole range (it cannot know
 * its first and last state change before): {@link #readAhead}, from which this range is then taken. Readings go straight into the window's arrays (time and watts, nothing else).
 *
 * <p>A meter that writes only when its value changes (Home Assistant's way) can be silent for minutes, and
 * its last reading still holds: the estimators read a silent window from the reading held over it (see
 * {@link MeterWindow#heldOver}). Between two state changes of the cycle every reading is loaded, so only the
 * range's two edges can lack one: when the first state change has no reading at or before it (before its
 * windows' end, the estimator's {@code settle}), its held reading lies before the range, and when the last
 * has none at or after it, the reading that proves the hold lies after the range. Only then, one more small
 * query asks for the last reading before the range and/or the first after it, within the max silence of the
 * first/last state change ({@code last()}/{@code first()}: one row a series). A meter that writes steadily
 * never needs it.
 *
 * <p>A reading that cannot be used (not a number, not finite, outside the plausible range, or a second
 * reading at the same instant) is skipped. It is counted by the cycle whose range holds its timestamp, so
 * that a reading seen by two neighbouring cycles' windows is counted once. A held reading fetched from beyond
 * the range is not counted: it lies outside every state change's reach, where readings are not otherwise
 * looked at, so the counts stay the same however the cycles are cut. An unusable one holds nothing.
 */
public class MeterWindowLoader {

    private static final List<String> COLUMNS = List.of("_time", "_value");
    private static final int TIME = 0;
    private static final int VALUE = 1;
    static final String NOT_NUMERIC = "meter_value_not_numeric";

    private final StreamingQuery query;
    private final FluxQueries queries;
    private final Statistics statistics;
    private final Duration reach;
    private final Duration settle;
    private final Duration maxSilence;
    private final double minW;
    private final double maxW;
    private final double wattsPerUnit;

    /**
     * @param reach  how far from a state change, either side, its readings are needed
     * @param settle how far from a state change its estimator's windows stop short of it ({@code StepEstimator.settle})
     */
    public MeterWindowLoader(StreamingQuery query, FluxQueries queries, Statistics statistics, MeterSettings meter,
            double wattsPerUnit, Duration reach, Duration settle) {
        this.query = query;
        this.queries = queries;
        this.statistics = statistics;
        this.reach = reach;
        this.settle = settle;
        this.maxSilence = meter.maxSilence();
        this.minW = meter.minPlausibleW();
        this.maxW = meter.maxPlausibleW();
        this.wattsPerUnit = wattsPerUnit;
    }

    /**
     * The route's step: the meter window of the range's state changes. The readings it could not use go into the
     * exchange property {@value RouteNames#METER_SKIPS}, made afresh for each range.
     */
    public MeterWindow load(@Body List<StateChange> changes, @ExchangeProperty(RouteNames.CYCLE) Cycle cycle,
            @ExchangeProperty(RouteNames.STATE_CHANGES_READ) StateChangesRead read,
            @ExchangeProperty(RouteNames.LOOK_BACK) LookBack lookBack, Exchange exchange) {
        Skips skips = new Skips();
        exchange.setProperty(RouteNames.METER_SKIPS, skips);
        return load(changes, new Range(cycle.after(), read.settledUntil(), skips), read.meterReadAhead(), lookBack.rechecks());
    }

    /** The meter readings counted by this range: those in (after, settledUntil], skipped into {@code skips}. */
    private record Range(Instant after, Instant settledUntil, Skips skips) {
    }

    private MeterWindow load(List<StateChange> changes, Range range, ReadAhead ahead, List<StateChange> rechecks) {
        if (changes.isEmpty() && rechecks.isEmpty()) {
            return MeterWindow.empty();
        }
        // The look-back's settled state changes too: late readings around them are what brings them back.
        Instant first = earliest(changes, rechecks);
        Instant last = latest(changes, rechecks);
        long after = MeterWindow.toNanos(range.after());
        long settled = MeterWindow.toNanos(range.settledUntil());
        Instant start = first.minus(reach);
        Instant stop = last.plus(reach).plusNanos(1); // range() excludes its stop: keep a reading exactly at the edge
        Readings readings;
        if (ahead != null && !start.isBefore(ahead.start) && !stop.isAfter(ahead.stop)) {
            readings = ahead.within(start, stop, range);
        } else {
            readings = new Readings(Duration.between(start, stop).toSeconds() + 1);
            read(queries.meterReadings(start, stop), readings, range, true);
        }
        if (maxSilence.compareTo(reach) > 0) { // else a held reading lies within the range, or nowhere
            boolean silentStart = readings.size == 0 || readings.minNanos > MeterWindow.toNanos(first.minus(settle));
            boolean silentEnd = readings.size == 0 || readings.maxNanos < MeterWindow.toNanos(last.plus(settle));
            if (silentStart || silentEnd) {
                Readings held = new Readings(0);
                read(queries.heldMeterReadings(silentStart ? first.minus(maxSilence) : null, start,
                        silentEnd ? stop : null, last.plus(maxSilence).plusNanos(1)), held, range, false);
                readings.merge(held);
            }
        }
        // A second reading at one instant is counted as the unusable ones are: within the range, by its cycle.
        return readings.window(range, Math.max(after, MeterWindow.toNanos(start) - 1), Math.min(settled, MeterWindow.toNanos(stop) - 1));
    }

    /**
     * The readings that, with a live cycle's state changes, every state change in (from, until] can need: its
     * {@link ReadAhead#part()} goes into the reader's request; {@link #load} takes them from there instead of asking
     * again. The range's {@link StateChangesRead} holds them.
     */
    ReadAhead readAhead(Instant from, Instant until) {
        Instant start = from.minus(reach);
        Instant stop = until.plus(reach).plusNanos(1);
        ReadAhead ahead = new ReadAhead(start, stop, new Readings(Duration.between(start, stop).toSeconds() + 1));
        ahead.part = new NamedResults.Part("meter_readings", queries.meterReadings(start, stop), COLUMNS,
                row -> accept(row, ahead.readings, ahead.unusable::add));
        return ahead;
    }

    /** Streams one query's readings into {@code readings}, skipping the unusable ones (and counting them when asked). */
    private void read(String flux, Readings readings, Range range, boolean count) {
        long after = MeterWindow.toNanos(range.after());
        long settled = MeterWindow.toNanos(range.settledUntil());
        query.forEachRow(flux, COLUMNS, row -> accept(row, readings, unusable -> {
            if (count && unusable.nanos() > after && unusable.nanos() <= settled) {
                range.skips().skip(unusable.problem(), unusable.what());
            }
        }));
        statistics.fluxQuery();
    }

    /** A reading that cannot be used: when, why, and what it was (for the skip log). */
    record Unusable(long nanos, String problem, String what) {
    }

    /** Adds the row's reading to {@code readings} if it can be used, else hands it to {@code unusable}. */
    private void accept(FluxRow row, Readings readings, Consumer<Unusable> unusable) {
        long time = row.timeNanos(TIME);
        String problem = NOT_NUMERIC;
        if (row.isNumber(VALUE)) {
            double watts = row.number(VALUE) * wattsPerUnit;
            problem = problem(watts, minW, maxW);
            if (problem == null) {
                readings.add(time, watts);
                return;
            }
        }
        unusable.accept(new Unusable(time, problem, row.time(TIME) + " " + row.value(VALUE)));
    }

    /** The meter readings of [start, stop) read with a live cycle's state changes, the unusable ones apart. */
    static final class ReadAhead {
        private final Instant start;
        private final Instant stop;
        private final Readings readings;
        private final List<Unusable> unusable = new ArrayList<>();
        private NamedResults.Part part;

        private ReadAhead(Instant start, Instant stop, Readings readings) {
            this.start = start;
            this.stop = stop;
            this.readings = readings;
        }

        /** The part of the reader's request that reads them. */
        NamedResults.Part part() {
            return part;
        }

        /** The readings of [from, to), the unusable ones there counted as a query of that range would. */
        private Readings within(Instant from, Instant to, Range range) {
            long fromNanos = MeterWindow.toNanos(from);
            long toNanos = MeterWindow.toNanos(to);
            long after = MeterWindow.toNanos(range.after());
            long settled = MeterWindow.toNanos(range.settledUntil());
            for (Unusable u : unusable) {
                if (u.nanos() >= fromNanos && u.nanos() < toNanos && u.nanos() > after && u.nanos() <= settled) {
                    range.skips().skip(u.problem(), u.what());
                }
            }
            return readings.within(fromNanos, toNanos);
        }
    }

    private static Instant earliest(List<StateChange> a, List<StateChange> b) {
        Instant fromA = a.isEmpty() ? Instant.MAX : a.get(0).time();
        Instant fromB = b.isEmpty() ? Instant.MAX : b.get(0).time();
        return fromA.isBefore(fromB) ? fromA : fromB;
    }

    private static Instant latest(List<StateChange> a, List<StateChange> b) {
        Instant fromA = a.isEmpty() ? Instant.MIN : a.get(a.size() - 1).time();
        Instant fromB = b.isEmpty() ? Instant.MIN : b.get(b.size() - 1).time();
        return fromA.isAfter(fromB) ? fromA : fromB;
    }

    /** Why a meter value cannot be used, or null when it can. */
    static String problem(Object value, double minW, double maxW) {
        return value instanceof Number number ? problem(number.doubleValue(), minW, maxW) : NOT_NUMERIC;
    }

    private static String problem(double watts, double minW, double maxW) {
        if (!Double.isFinite(watts)) {
            return "meter_value_not_finite";
        }
        return watts < minW || watts > maxW ? "meter_value_implausible" : null;
    }

    /** The usable readings in the order they came, then sorted and rid of second readings at one instant. */
    private static final class Readings {
        private long[] nanos;
        private double[] watts;
        private int size;
        private long minNanos = Long.MAX_VALUE;
        private long maxNanos = Long.MIN_VALUE;

        /** Room for one reading a second (a 1 Hz meter fills it without a copy; a faster one makes it grow). */
        Readings(long seconds) {
            int capacity = (int) Math.min(Math.max(seconds, 64), 1 << 20);
            nanos = new long[capacity];
            watts = new double[capacity];
        }

        void add(long time, double w) {
            if (size == nanos.length) {
                nanos = Arrays.copyOf(nanos, size * 2);
                watts = Arrays.copyOf(watts, size * 2);
            }
            nanos[size] = time;
            watts[size++] = w;
            minNanos = Math.min(minNanos, time);
            maxNanos = Math.max(maxNanos, time);
        }

        /** Takes in another's readings: both sorted, then merged in one pass (no sort of the whole window). */
        void merge(Readings other) {
            if (other.size == 0) {
                return;
            }
            sortStably();
            other.sortStably();
            long[] n = new long[size + other.size];
            double[] w = new double[n.length];
            int i = 0;
            int j = 0;
            for (int k = 0; k < n.length; k++) {
                boolean mine = j == other.size || i < size && nanos[i] <= other.nanos[j];
                n[k] = mine ? nanos[i] : other.nanos[j];
                w[k] = mine ? watts[i++] : other.watts[j++];
            }
            nanos = n;
            watts = w;
            size = n.length;
            minNanos = Math.min(minNanos, other.minNanos);
            maxNanos = Math.max(maxNanos, other.maxNanos);
        }

        /** The readings in [from, to), in the order they came. */
        Readings within(long from, long to) {
            if (size == 0 || minNanos >= from && maxNanos < to) {
                return this;
            }
            Readings kept = new Readings(0);
            for (int i = 0; i < size; i++) {
                if (nanos[i] >= from && nanos[i] < to) {
                    kept.add(nanos[i], watts[i]);
                }
            }
            return kept;
        }

        MeterWindow window(Range range, long after, long settled) {
            sortStably();
            int kept = 0;
            for (int i = 0; i < size; i++) {
                if (kept > 0 && nanos[kept - 1] == nanos[i]) {
                    if (nanos[i] > after && nanos[i] <= settled) {
                        range.skips().skip("duplicate_meter_reading", Instant.ofEpochSecond(0, nanos[i]) + " " + watts[i]);
                    }
                } else {
                    nanos[kept] = nanos[i];
                    watts[kept++] = watts[i];
                }
            }
            return MeterWindow.ofSorted(nanos, watts, kept);
        }

        /** One series comes in time order; several (a meter with more tags) are merged, equal times kept in order. */
        private void sortStably() {
            boolean sorted = true;
            for (int i = 1; i < size && sorted; i++) {
                sorted = nanos[i] >= nanos[i - 1];
            }
            if (sorted) {
                return;
            }
            Integer[] order = new Integer[size];
            Arrays.setAll(order, i -> i);
            Arrays.sort(order, (a, b) -> Long.compare(nanos[a], nanos[b])); // a stable sort
            long[] n = new long[size];
            double[] w = new double[size];
            for (int i = 0; i < size; i++) {
                n[i] = nanos[order[i]];
                w[i] = watts[order[i]];
            }
            nanos = n;
            watts = w;
        }
    }
}
