package io.energycorrelator.correlate;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.domain.InfluxQLQuery;
import com.influxdb.exceptions.NotFoundException;
import io.energycorrelator.influx.PointLine;
import io.energycorrelator.model.StateChange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes the correlation points that a late row has made wrong. In a layout that stores no previous state
 * (Home Assistant's), a row that arrives late changes the previous state of the same entity's next row, which
 * may have been correlated already: its point carries the old {@code previous_state} tag, so writing the row's
 * new judgement lands on another series and the old point would stand beside it. Once the cycle that judged
 * the row again has written its points, the old one is deleted (one delete per such row; none in a cycle
 * without). A delete that fails is logged and tried again after the next cycle; the cycle itself stands.
 */
public class SupersededCorrelations {

    private static final Logger LOG = LoggerFactory.getLogger(SupersededCorrelations.class);

    private final InfluxDBClient influx;
    private final String bucket;
    private final String org;
    /** Deletes that failed, tried again after the next cycle. */
    private final List<StateChange> pending = new ArrayList<>();

    public SupersededCorrelations(InfluxDBClient influx, String bucket, String org) {
        this.influx = influx;
        this.bucket = bucket;
        this.org = org;
    }

    /** After the cycle's write: deletes the points its late rows superseded (and those a failed delete left). */
    public synchronized void remove(@ExchangeProperty(RouteNames.LOOK_BACK) LookBack lookBack) {
        pending.addAll(lookBack.superseded());
        if (pending.isEmpty()) {
            return;
        }
        List<StateChange> failed = new ArrayList<>();
        for (StateChange old : pending) {
            if (!deletable(old)) {
                LOG.warn("Cannot delete the superseded correlation of {} at {} (a quote or backslash in its tags): it stands"
                        + " beside the new one", old.entityId(), old.time());
                continue;
            }
            try {
                delete(old);
            } catch (RuntimeException e) {
                failed.add(old);
                LOG.warn("Could not delete the correlation of {} at {} that a late row superseded (trying again next cycle): {}",
                        old.entityId(), old.time(), e.getMessage());
            }
        }
        LOG.info("{} correlation points superseded by late rows deleted", pending.size() - failed.size());
        pending.clear();
        pending.addAll(failed);
    }

    private void delete(StateChange old) {
        OffsetDateTime at = OffsetDateTime.ofInstant(old.time(), ZoneOffset.UTC);
        try {
            influx.getDeleteApi().delete(at, at, "_measurement=\"" + CorrelationPoints.MEASUREMENT + "\""
                    + " AND entity_id=\"" + entityTag(old) + "\" AND state=\"" + stateTag(old) + "\""
                    + " AND previous_state=\"" + previousTag(old) + "\"", bucket, org);
        } catch (NotFoundException noDeleteApi) {
            // InfluxDB 1.8 has no /api/v2/delete: the same delete through its InfluxQL endpoint.
            String database = bucket.contains("/") ? bucket.substring(0, bucket.indexOf('/')) : bucket;
            influx.getInfluxQLQueryApi().query(new InfluxQLQuery("DELETE FROM \"" + CorrelationPoints.MEASUREMENT + "\""
                    + " WHERE \"entity_id\" = '" + entityTag(old) + "' AND \"state\" = '" + stateTag(old) + "'"
                    + " AND \"previous_state\" = '" + previousTag(old) + "'"
                    + " AND time >= '" + old.time() + "' AND time <= '" + old.time() + "'", database));
        }
    }

    // The tags as the point was written with them (PointLine cleans tag values): what the delete must match.

    private static String entityTag(StateChange old) {
        return PointLine.cleanTag(old.entityId());
    }

    private static String stateTag(StateChange old) {
        return PointLine.cleanTag(old.state());
    }

    private static String previousTag(StateChange old) {
        return old.previousState() == null || old.previousState().isEmpty() ? CorrelationPoints.UNKNOWN_STATE
                : PointLine.cleanTag(old.previousState());
    }

    /** Neither predicate language here can quote a quote or a backslash inside a value. */
    private static boolean deletable(StateChange old) {
        return clean(entityTag(old)) && clean(stateTag(old)) && clean(previousTag(old));
    }

    private static boolean clean(String value) {
        return value != null && value.indexOf('"') < 0 && value.indexOf('\'') < 0 && value.indexOf('\\') < 0;
    }
}
