package io.energycorrelator.devices;

import io.energycorrelator.influx.FluxQueries;
import io.energycorrelator.influx.PointLine;
import io.energycorrelator.influx.StreamingQuery;
import io.energycorrelator.model.Correlation;
import io.energycorrelator.model.MeterWindow;
import io.energycorrelator.observe.Statistics;
import io.energycorrelator.profile.ProfileBook;
import io.energycorrelator.profile.ProfileFields;
import io.energycorrelator.profile.ProfileRecord;
import org.apache.camel.Body;
import org.apache.camel.component.influxdb2.data.Records;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The service's device profiles: what each device's steps were learned to be ({@link ProfileBook}), kept in
 * InfluxDB as measurement {@value ProfileFields#MEASUREMENT} (one series per device and transition) so that a
 * restart goes on from them. Restored with one query on the first cycle (InfluxDB may be down at start-up);
 * updated from each confirmed batch of correlations, new correlations only.
 */
public class DeviceProfiles {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceProfiles.class);

    private final ProfileBook book;
    private final StreamingQuery query;
    private final FluxQueries queries;
    private final Statistics statistics;
    private volatile boolean restored;

    public DeviceProfiles(ProfileBook book, StreamingQuery query, FluxQueries queries, Statistics statistics) {
        this.book = book;
        this.query = query;
        this.queries = queries;
        this.statistics = statistics;
    }

    /** Reads the stored profiles once; a failure leaves them unread, and the next cycle tries again. */
    public synchronized void restoreOnce() {
        if (restored) {
            return;
        }
        List<ProfileRecord> records = new ArrayList<>();
        query.forEachRow(queries.newestOfEachSeries(ProfileFields.MEASUREMENT, ProfileFields.RECENT_STEPS,
                List.of(ProfileFields.ENTITY_ID, ProfileFields.TRANSITION)),
                List.of("_value", ProfileFields.ENTITY_ID, ProfileFields.TRANSITION), row -> {
                    try {
                        records.add(ProfileFields.fromFields(
                                Map.of(ProfileFields.ENTITY_ID, String.valueOf(row.text(1)),
                                        ProfileFields.TRANSITION, String.valueOf(row.text(2))),
                                Map.of(ProfileFields.RECENT_STEPS, String.valueOf(row.text(0)))));
                    } catch (IllegalArgumentException e) {
                        LOG.warn("Skipped a stored device profile that cannot be read: {}", e.getMessage());
                    }
                });
        statistics.fluxQuery();
        book.restore(records);
        restored = true;
        LOG.info("Device profiles: {} restored from InfluxDB", records.size());
    }

    /** Learns from a confirmed batch of correlations; the profiles it changed, as points to store. */
    public Records learn(@Body List<Correlation> written) {
        return PointLine.records(book.learnAll(written).stream().map(DeviceProfiles::toLine).toList());
    }

    public ProfileBook book() {
        return book;
    }

    /** A profile as the line of the point that stores it. */
    public static String toLine(ProfileRecord record) {
        return PointLine.measurement(ProfileFields.MEASUREMENT).tags(ProfileFields.tags(record))
                .fields(ProfileFields.fields(record)).at(MeterWindow.toNanos(ProfileFields.time(record)));
    }
}
