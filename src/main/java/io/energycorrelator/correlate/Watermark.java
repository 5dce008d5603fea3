package io.energycorrelator.correlate;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.domain.InfluxQLQuery;
import com.influxdb.exceptions.NotFoundException;
import io.energycorrelator.influx.FluxQueries;
import io.energycorrelator.influx.PointLine;
import io.energycorrelator.influx.StreamingQuery;
import io.energycorrelator.model.MeterWindow;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.component.influxdb2.data.Records;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The instant up to which every state change is settled (correlated or skipped), kept in InfluxDB so that
 * a restart resumes where the service stopped. A fresh install starts at now − lookback.
 *
 * <p>Stored as measurement {@value #MEASUREMENT}, field {@value #FIELD} (nanoseconds since the epoch); the
 * route writes {@link #point} through the same confirmed write as the correlations, then calls
 * {@link #stored}, then {@link #removeOlderPoints}. The point's timestamp is the start of the current hour:
 * every cycle of an hour overwrites the same point (same series, same timestamp), and once the first point of
 * a new hour is confirmed, the older points are deleted, so one point stands (two at most, for a moment).
 * A timestamp at the watermark's own time, or a fixed old one, could fall outside the bucket's retention;
 * the start of the current hour is inside any retention InfluxDB allows (one hour at least). The largest
 * value stored is the watermark, so the points an older version wrote (one per cycle, at the time of
 * writing) are read on the first cycle, then deleted with the others.
 */
public class Watermark {

    public static final String MEASUREMENT = "energy_correlator_watermark";
    public static final String FIELD = "settled_until_ns";

    private static final Logger LOG = LoggerFactory.getLogger(Watermark.class);
    private static final OffsetDateTime EPOCH = OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    private final InfluxDBClient influx;
    private final StreamingQuery query;
    private final FluxQueries queries;
    private final Statistics statistics;
    private final Duration lookback;
    private final Clock clock;
    private final String bucket;
    private final String org;
    private volatile Instant current;
    /** Where a fresh install started (nothing was stored): nothing before it is ever looked at; null on a resume. */
    private volatile Instant freshStart;
    /** The timestamp of the point the running cycle writes, then of the last one confirmed. */
    private Instant pointTime;
    private Instant storedPointTime;
    /** Points before this time are gone (null: none removed since start-up). */
    private Instant removedBefore;

    /** @param influx deletes the older points; {@code query} reads the stored watermark */
    public Watermark(InfluxDBClient influx, StreamingQuery query, FluxQueries queries, Statistics statistics, Duration lookback, Clock clock,
            String bucket, String org) {
        this.influx = influx;
        this.query = query;
        this.queries = queries;
        this.statistics = statistics;
        this.lookback = lookback;
        this.clock = clock;
        this.bucket = bucket;
        this.org = org;
    }

    /** The watermark; read from InfluxDB on first use (one query), kept in memory afterwards. */
    public Instant current() {
        if (current == null) {
            List<Object> stored = new ArrayList<>();
            query.forEachRow(queries.largestValue(MEASUREMENT, FIELD), List.of("_value"), row -> stored.add(row.value(0)));
            statistics.fluxQuery();
            if (stored.isEmpty()) {
                current = clock.instant().minus(lookback);
                freshStart = current;
                LOG.info("No watermark stored yet: starting at now - lookback = {}", current);
            } else {
                current = Instant.ofEpochSecond(0, ((Number) stored.get(0)).longValue());
                LOG.info("Resuming from the stored watermark {}", current);
            }
        }
        return current;
    }

    /**
     * A new term as leader of a pair: another node may have moved the watermark meanwhile, so the next cycle reads it
     * from InfluxDB again, as after a start.
     */
    public synchronized void forget() {
        current = null;
        freshStart = null;
        pointTime = null;
        storedPointTime = null;
        removedBefore = null;
    }

    /** Where a fresh install started (the first watermark, when none was stored); null when it resumed. */
    public Instant freshStart() {
        return freshStart;
    }

    /** Where the watermark stands: read or stored by this run; empty before the first cycle read it. */
    public Optional<Instant> lastKnown() {
        return Optional.ofNullable(current);
    }

    /** The point that stores where the cycle leaves the watermark, at the start of the current hour. */
    public Records point(@ExchangeProperty(RouteNames.STATE_CHANGES_READ) StateChangesRead read) {
        pointTime = clock.instant().truncatedTo(ChronoUnit.HOURS);
        return PointLine.records(List.of(PointLine.measurement(MEASUREMENT).field(FIELD, MeterWindow.toNanos(read.settledUntil()))
                .at(MeterWindow.toNanos(pointTime))));
    }

    /**
     * What goes into the range's last write, beside its last correlations: the device profiles it changed and, for a
     * live cycle, the watermark point. So a cycle of up to a batch of correlations is one request, and whatever its
     * size its profiles and watermark land with its last correlations or not at all (a restart then goes on from
     * profiles that match the watermark, and a failed cycle is redone whole).
     */
    public List<String> pointsWithLastBatch(@ExchangeProperty(RouteNames.CYCLE) Cycle cycle,
            @ExchangeProperty(RouteNames.STATE_CHANGES_READ) StateChangesRead read,
            @ExchangeProperty(RouteNames.PROFILE_POINTS) Records profiles) {
        List<String> lines = new ArrayList<>(profiles == null ? List.of() : profiles.getInfluxRecords());
        if (cycle.run() == Cycle.Run.LIVE) {
            lines.addAll(point(read).getInfluxRecords());
        }
        return lines;
    }

    /** The point of {@link #point} is confirmed written: the watermark moves (never back). */
    public void stored(@ExchangeProperty(RouteNames.STATE_CHANGES_READ) StateChangesRead read) {
        Instant settled = read.settledUntil();
        if (current == null || settled.isAfter(current)) {
            current = settled;
        }
        storedPointTime = pointTime;
    }

    /**
     * Deletes the watermark points older than the one just stored: once per hour (and on the first cycle, for
     * what an earlier run left). A failed delete is logged and tried again next cycle; it does not fail the
     * cycle, whose work is done and whose watermark is stored.
     */
    public void removeOlderPoints() {
        if (storedPointTime == null || storedPointTime.equals(removedBefore)) {
            return;
        }
        try {
            try {
                influx.getDeleteApi().delete(EPOCH, OffsetDateTime.ofInstant(storedPointTime.minusNanos(1), ZoneOffset.UTC),
                        "_measurement=\"" + MEASUREMENT + "\"", bucket, org);
            } catch (NotFoundException noDeleteApi) {
                deleteThroughInfluxQl(storedPointTime);
            }
            removedBefore = storedPointTime;
        } catch (RuntimeException e) {
            LOG.warn("Could not delete the older watermark points (the stored watermark stands; trying again next cycle): {}",
                    e.getMessage());
        }
    }

    /**
     * InfluxDB 1.8 serves the v2 write and query APIs but no /api/v2/delete: there the bucket is
     * {@code database/retention-policy}, and the same delete goes through its InfluxQL endpoint (a DELETE covers
     * every retention policy of the database; only this measurement's points before the stored one go).
     */
    private void deleteThroughInfluxQl(Instant before) {
        String database = bucket.contains("/") ? bucket.substring(0, bucket.indexOf('/')) : bucket;
        influx.getInfluxQLQueryApi().query(new InfluxQLQuery(
                "DELETE FROM \"" + MEASUREMENT + "\" WHERE time < '" + before + "'", database));
    }
}
