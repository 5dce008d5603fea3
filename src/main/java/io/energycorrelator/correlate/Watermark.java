package io.energycorrelator.correlate;

import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import io.energycorrelator.influx.FluxQueries;
import io.energycorrelator.influx.StreamingQuery;
import io.energycorrelator.model.MeterWindow;
import io.energycorrelator.observe.Statistics;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The instant up to which every state change is settled (correlated or skipped), kept in InfluxDB so that
 * a restart resumes where the service stopped. A fresh install starts at now − lookback.
 *
 * <p>Stored as measurement {@value #MEASUREMENT}, field {@value #FIELD} (nanoseconds since the epoch); the
 * route writes {@link #point} through the same confirmed write as the correlations, then calls
 * {@link #stored}. The point is timestamped at the time of writing (a point at the watermark's own time
 * could fall outside the bucket's retention); the largest value stored is the watermark.
 */
public class Watermark {

    public static final String MEASUREMENT = "energy_correlator_watermark";
    public static final String FIELD = "settled_until_ns";

    private static final Logger LOG = LoggerFactory.getLogger(Watermark.class);

    private final StreamingQuery query;
    private final FluxQueries queries;
    private final Statistics statistics;
    private final Duration lookback;
    private final Clock clock;
    private volatile Instant current;

    public Watermark(StreamingQuery query, FluxQueries queries, Statistics statistics, Duration lookback, Clock clock) {
        this.query = query;
        this.queries = queries;
        this.statistics = statistics;
        this.lookback = lookback;
        this.clock = clock;
    }

    /** The watermark; read from InfluxDB on first use (one query), kept in memory afterwards. */
    public Instant current() {
        if (current == null) {
            List<Object> stored = new ArrayList<>();
            query.forEachRow(queries.largestValue(MEASUREMENT, FIELD), List.of("_value"), row -> stored.add(row.value(0)));
            statistics.fluxQuery();
            if (stored.isEmpty()) {
                current = clock.instant().minus(lookback);
                LOG.info("No watermark stored yet: starting at now - lookback = {}", current);
            } else {
                current = Instant.ofEpochSecond(0, ((Number) stored.get(0)).longValue());
                LOG.info("Resuming from the stored watermark {}", current);
            }
        }
        return current;
    }

    /** The point that stores where the cycle leaves the watermark. */
    public Point point(@ExchangeProperty(RouteNames.CYCLE) Cycle cycle) {
        return Point.measurement(MEASUREMENT).addField(FIELD, MeterWindow.toNanos(cycle.settledUntil()))
                .time(clock.instant(), WritePrecision.NS);
    }

    /** The point of {@link #point} is confirmed written: the watermark moves (never back). */
    public void stored(@ExchangeProperty(RouteNames.CYCLE) Cycle cycle) {
        Instant settled = cycle.settledUntil();
        if (current == null || settled.isAfter(current)) {
            current = settled;
        }
    }
}
