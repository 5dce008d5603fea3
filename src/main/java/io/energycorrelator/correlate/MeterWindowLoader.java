package io.energycorrelator.correlate;

import io.energycorrelator.config.MeterSettings;
import io.energycorrelator.influx.FluxQueries;
import io.energycorrelator.influx.StreamingQuery;
import io.energycorrelator.model.MeterWindow;
import io.energycorrelator.model.StateChange;
import io.energycorrelator.observe.Statistics;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Loads the meter readings that a cycle's state changes need, with ONE streamed range query: from the first
 * event − reach to the last event + reach, where reach = the estimator's reach + the maximum reading gap.
 * No events, no query.
 *
 * <p>A reading that cannot be used (not a number, not finite, outside the plausible range, or a second
 * reading at the same instant) is skipped. It is counted by the cycle whose range holds its timestamp, so
 * that a reading seen by two neighbouring cycles' windows is counted once.
 */
public class MeterWindowLoader {

    private final StreamingQuery streaming;
    private final FluxQueries queries;
    private final Statistics statistics;
    private final Duration reach;
    private final double minW;
    private final double maxW;
    private final double wattsPerUnit;

    /** @param reach how far from a state change, either side, its readings are needed */
    public MeterWindowLoader(StreamingQuery streaming, FluxQueries queries, Statistics statistics, MeterSettings meter,
            double wattsPerUnit, Duration reach) {
        this.streaming = streaming;
        this.queries = queries;
        this.statistics = statistics;
        this.reach = reach;
        this.minW = meter.minPlausibleW();
        this.maxW = meter.maxPlausibleW();
        this.wattsPerUnit = wattsPerUnit;
    }

    public MeterWindow load(@Body List<StateChange> changes, @ExchangeProperty(RouteNames.CYCLE) Cycle cycle) {
        if (changes.isEmpty()) {
            return MeterWindow.empty();
        }
        Instant first = changes.get(0).time();
        Instant last = changes.get(changes.size() - 1).time();
        // range() excludes its stop: one nanosecond more keeps a reading exactly at the far edge.
        List<MeterWindow.Reading> readings = new ArrayList<>();
        streaming.forEachRecord(
                queries.meterReadings(first.minus(reach), last.plus(reach).plusNanos(1)), record -> {
                    Object value = record.getValue() instanceof Number n ? n.doubleValue() * wattsPerUnit : record.getValue();
                    String problem = problem(value, minW, maxW);
                    if (problem == null) {
                        readings.add(new MeterWindow.Reading(record.getTime(), (Double) value));
                    } else if (isInRange(cycle, record.getTime())) {
                        SkipLog.skipped(cycle, problem, record.getTime() + " " + record.getValue());
                    }
                });
        statistics.fluxQuery();
        readings.sort(Comparator.comparing(MeterWindow.Reading::time));
        List<MeterWindow.Reading> distinct = new ArrayList<>(readings.size());
        for (MeterWindow.Reading reading : readings) {
            if (!distinct.isEmpty() && distinct.get(distinct.size() - 1).time().equals(reading.time())) {
                if (isInRange(cycle, reading.time())) {
                    SkipLog.skipped(cycle, "duplicate_meter_reading", reading);
                }
            } else {
                distinct.add(reading);
            }
        }
        return new MeterWindow(distinct);
    }

    /** Why a meter value cannot be used, or null when it can. */
    static String problem(Object value, double minW, double maxW) {
        if (!(value instanceof Number number)) {
            return "meter_value_not_numeric";
        }
        double watts = number.doubleValue();
        if (!Double.isFinite(watts)) {
            return "meter_value_not_finite";
        }
        return watts < minW || watts > maxW ? "meter_value_implausible" : null;
    }

    private static boolean isInRange(Cycle cycle, Instant t) {
        return t.isAfter(cycle.after()) && !t.isAfter(cycle.settledUntil());
    }
}
