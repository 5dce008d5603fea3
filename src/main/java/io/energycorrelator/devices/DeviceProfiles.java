package io.energycorrelator.devices;

import io.energycorrelator.influx.FluxQueries;
import io.energycorrelator.influx.PointLine;
import io.energycorrelator.influx.StreamingQuery;
import io.energycorrelator.model.Correlation;
import io.energycorrelator.model.MeterWindow;
import io.energycorrelator.correlate.Statistics;
import io.energycorrelator.devices.profile.ProfileBook;
import io.energycorrelator.devices.profile.ProfileFields;
import io.energycorrelator.devices.profile.ProfileRecord;
import io.energycorrelator.devices.profile.ProfileChanges;
import io.energycorrelator.correlate.RouteNames;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.component.influxdb2.data.Records;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The service's device profiles: what each device's steps were learned to be ({@link ProfileBook}), kept in
 * InfluxDB as measurement {@value ProfileFields#MEASUREMENT} (one series per device and transition) so that a
 * restart goes on from them. Restored with one query on the first cycle (InfluxDB may be down at start-up);
 * learned from each kept correlation in time order, stored with the cycle that learned it.
 */
public class DeviceProfiles {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceProfiles.class);

    private final ProfileBook book;
    private final StreamingQuery query;
    private final FluxQueries queries;
    private final Statistics statistics;
    private final Duration forgetAfter;
    private volatile boolean restored;
    /** The newest step learned so far, by state-change time: "not seen for a while" is measured from it. */
    private Instant newestLearned = Instant.MIN;
    private Instant forgotUpTo = Instant.MIN;

    /** @param forgetAfter a device's transition not seen for this long (by state-change time) is dropped from memory */
    public DeviceProfiles(ProfileBook book, StreamingQuery query, FluxQueries queries, Statistics statistics, Duration forgetAfter) {
        this.book = book;
        this.forgetAfter = forgetAfter;
        this.query = query;
        this.queries = queries;
        this.statistics = statistics;
    }

    /**
     * A new term as leader of a pair: another node may have learned since, so the next cycle reads the profiles from
     * InfluxDB again (the book is replaced then), as after a start.
     */
    public synchronized void forget() {
        restored = false;
        newestLearned = Instant.MIN;
        forgotUpTo = Instant.MIN;
    }

    /**
     * The route's first step for a range: the profiles it learns into (restored once) and, made afresh, what it
     * will change in them, kept in the exchange property {@value RouteNames#PROFILE_CHANGES}.
     */
    public ProfileChanges startRange() {
        restoreOnce();
        return new ProfileChanges();
    }

    /** Reads the stored profiles once; a failure leaves them unread, and the next cycle tries again. */
    private synchronized void restoreOnce() {
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

    /**
     * Learns one kept correlation at once, in time order within its cycle, so that the next state change of the
     * same device is read with it: how profiles read then depends neither on where cycles are cut nor on what
     * an earlier, failed or killed, attempt learned (see {@link #changedPoints} and {@link #forgetCycle}).
     */
    public void learnInTimeOrder(@Body Correlation correlation, @ExchangeProperty(RouteNames.PROFILE_CHANGES) ProfileChanges changes) {
        if (book.learn(correlation, changes)) {
            noteNewest(correlation);
        }
    }

    /**
     * The profiles a cycle changed, as points to store with its last correlations (and, live, its watermark: all
     * land or none). Transitions not seen for the forget-after
     * time are dropped from memory (at most once an hour of state-change time); their stored points stay.
     */
    public Records changedPoints(@ExchangeProperty(RouteNames.PROFILE_CHANGES) ProfileChanges changes) {
        Records points = PointLine.records(book.records(changes).stream().map(DeviceProfiles::toLine).toList());
        forgetOldTransitions();
        return points;
    }

    /**
     * Every profile as it stands, as points to store. After a backfill: its chunks ran side by side, each storing the
     * profiles it changed as they stood then, and a chunk's point may land after a newer one at the same time (the
     * device's newest step); written once more after all of them, the stored profiles are the book's.
     */
    public Records allPoints() {
        return PointLine.records(book.snapshot().stream().map(DeviceProfiles::toLine).toList());
    }

    /**
     * A live cycle failed: exactly the steps it learned are taken back (what a backfill learned meanwhile stays), and
     * the redo starts from the same profiles.
     */
    public void forgetCycle(@ExchangeProperty(RouteNames.PROFILE_CHANGES) ProfileChanges changes) {
        if (changes != null) {
            book.undo(changes);
        }
    }

    private synchronized void noteNewest(Correlation c) {
        if (c.change().time().isAfter(newestLearned)) {
            newestLearned = c.change().time();
        }
    }

    private synchronized void forgetOldTransitions() {
        if (newestLearned == Instant.MIN) {
            return; // nothing learned yet
        }
        Instant cutoff = newestLearned.minus(forgetAfter);
        if (cutoff.isAfter(forgotUpTo.plus(Duration.ofHours(1)))) {
            int forgotten = book.forgetNotSeenSince(cutoff);
            forgotUpTo = cutoff;
            if (forgotten > 0) {
                LOG.info("Device profiles: {} transitions not seen since {} dropped from memory ({} kept)", forgotten, cutoff,
                        book.size());
            }
        }
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
