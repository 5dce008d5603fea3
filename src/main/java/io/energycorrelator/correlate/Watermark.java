package io.energycorrelator.correlate;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import com.influxdb.query.FluxRecord;
import io.energycorrelator.config.Settings;
import io.energycorrelator.influx.FluxQueries;
import io.energycorrelator.observe.Statistics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The instant up to which every state change is settled (correlated or skipped), kept in InfluxDB so that
 * a restart resumes where the service stopped. A fresh install starts at now − lookback.
 *
 * <p>Stored as measurement {@value #MEASUREMENT}, field {@value #FIELD} (nanoseconds since the epoch), one
 * point per advance, timestamped at the time of writing (a point at the watermark's own time could fall
 * outside the bucket's retention).
 */
public class Watermark {

    public static final String MEASUREMENT = "energy_correlator_watermark";
    public static final String FIELD = "settled_until_ns";

    private static final Logger LOG = LoggerFactory.getLogger(Watermark.class);

    private final InfluxDBClient influx;
    private final FluxQueries queries;
    private final Statistics statistics;
    private final Settings settings;
    private final Clock clock;
    private volatile Instant current;

    public Watermark(InfluxDBClient influx, FluxQueries queries, Statistics statistics, Settings settings, Clock clock) {
        this.influx = influx;
        this.queries = queries;
        this.statistics = statistics;
        this.settings = settings;
        this.clock = clock;
    }

    /** The watermark; read from InfluxDB on first use (one query), kept in memory afterwards. */
    public Instant current() {
        if (current == null) {
            List<FluxRecord> records = influx.getQueryApi().query(queries.lastWatermark()).stream()
                    .flatMap(table -> table.getRecords().stream()).toList();
            statistics.fluxQuery();
            if (records.isEmpty()) {
                current = clock.instant().minus(settings.lookback());
                LOG.info("No watermark stored yet: starting at now - lookback = {}", current);
            } else {
                long nanos = ((Number) records.get(0).getValue()).longValue();
                current = Instant.ofEpochSecond(0, nanos);
                LOG.info("Resuming from the stored watermark {}", current);
            }
        }
        return current;
    }

    /** Stores the new watermark (the write is confirmed before it counts) and moves to it. */
    public void advanceTo(Instant settledUntil) {
        if (!settledUntil.isAfter(current())) {
            return;
        }
        long nanos = Math.addExact(Math.multiplyExact(settledUntil.getEpochSecond(), 1_000_000_000L), settledUntil.getNano());
        influx.getWriteApiBlocking().writePoint(settings.influxBucket(), settings.influxOrg(),
                Point.measurement(MEASUREMENT).addField(FIELD, nanos).time(clock.instant(), WritePrecision.NS));
        statistics.influxWrite();
        current = settledUntil;
    }
}
