package io.energycorrelator.correlate;

import io.energycorrelator.config.MeterSettings;
import io.energycorrelator.influx.FluxQueries;
import io.energycorrelator.influx.FluxRow;
import io.energycorrelator.influx.StreamingQuery;
import io.energycorrelator.model.MeterWindow;
import io.energycorrelator.model.StateChange;
import io.energycorrelator.observe.Statistics;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Loads the meter readings that a cycle's state changes need, with ONE streamed range query: from the first
 * event − reach to the last event + reach, where reach = the estimator's reach + the maximum reading gap.
 * No events, no query. Readings go straight into the window's arrays (time and watts, nothing else).
 *
 * <p>A reading that cannot be used (not a number, not finite, outside the plausible range, or a second
 * reading at the same instant) is skipped. It is counted by the cycle whose range holds its timestamp, so
 * that a reading seen by two neighbouring cycles' windows is counted once.
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
    private final double minW;
    private final double maxW;
    private final double wattsPerUnit;

    /** @param reach how far from a state change, either side, its readings are needed */
    public MeterWindowLoader(StreamingQuery query, FluxQueries queries, Statistics statistics, MeterSettings meter,
            double wattsPerUnit, Duration reach) {
        this.query = query;
        this.queries = queries;
        this.statistics = statistics;
        this.reach = reach;
        this.minW = meter.minPlausibleW();
        this.maxW = meter.maxPlausibleW();
        this.wattsPerUnit = wattsPerUnit;
    }

    public MeterWindow load(@Body List<StateChange> changes, @ExchangeProperty(RouteNames.CYCLE) Cycle cycle) {
        if (changes.isEmpty() && cycle.rechecks().isEmpty()) {
            return MeterWindow.empty();
        }
        // The look-back's settled state changes too: late readings around them are what brings them back.
        Instant first = earliest(changes, cycle.rechecks());
        Instant last = latest(changes, cycle.rechecks());
        long after = MeterWindow.toNanos(cycle.after());
        long settled = MeterWindow.toNanos(cycle.settledUntil());
        Instant start = first.minus(reach);
        Instant stop = last.plus(reach).plusNanos(1); // range() excludes its stop: keep a reading exactly at the edge
        Readings readings = new Readings(Duration.between(start, stop).toSeconds() + 1);
        query.forEachRow(queries.meterReadings(start, stop), COLUMNS, row -> {
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
            if (time > after && time <= settled) {
                SkipLog.skipped(cycle, problem, row.time(TIME) + " " + row.value(VALUE));
            }
        });
        statistics.fluxQuery();
        return readings.window(cycle, after, settled);
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
        }

        MeterWindow window(Cycle cycle, long after, long settled) {
            sortStably();
            int kept = 0;
            for (int i = 0; i < size; i++) {
                if (kept > 0 && nanos[kept - 1] == nanos[i]) {
                    if (nanos[i] > after && nanos[i] <= settled) {
                        SkipLog.skipped(cycle, "duplicate_meter_reading", Instant.ofEpochSecond(0, nanos[i]) + " " + watts[i]);
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
