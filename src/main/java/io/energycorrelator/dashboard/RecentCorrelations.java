package io.energycorrelator.dashboard;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.influxdb.client.InfluxDBClient;
import com.influxdb.query.FluxRecord;
import io.energycorrelator.influx.DashboardQueries;
import io.energycorrelator.influx.StreamingQuery;
import org.apache.camel.Body;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** GET /api/correlations: the newest correlations written, newest first, as the dashboard lists them. */
public class RecentCorrelations {

    /**
     * One correlation as stored: the event's time (RFC 3339), its tags and fields; a field the point lacks is
     * null (points written before the service recorded {@code overlapping_events} and {@code confidence}).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Correlation(String time, String entityId, String domain, String state, String previousState,
            Double powerBeforeW, Double powerAfterW, Double powerDeltaW, Double powerDeltaPct, Long overlappingEvents,
            Double confidence) {
    }

    private final InfluxDBClient influx;
    private final DashboardQueries queries;
    private final Duration lookback;
    private final Clock clock;

    /** @param lookback how far back "recent" reaches */
    public RecentCorrelations(InfluxDBClient influx, DashboardQueries queries, Duration lookback, Clock clock) {
        this.influx = influx;
        this.queries = queries;
        this.lookback = lookback;
        this.clock = clock;
    }

    public List<Correlation> read(@Body DashboardRequests.CorrelationsRequest request) {
        List<Correlation> correlations = new ArrayList<>(request.limit());
        StreamingQuery.forEachRecord(influx.getQueryApi(),
                queries.recentCorrelations(clock.instant().minus(lookback), request.limit()),
                record -> correlations.add(correlation(record)));
        return correlations;
    }

    private static Correlation correlation(FluxRecord r) {
        return new Correlation(r.getTime().toString(), text(r, "entity_id"), text(r, "domain"), text(r, "state"),
                text(r, "previous_state"), number(r, "power_before_w"), number(r, "power_after_w"),
                number(r, "power_delta_w"), number(r, "power_delta_pct"),
                r.getValueByKey("overlapping_events") instanceof Number n ? n.longValue() : null,
                r.getValueByKey("confidence") instanceof Number n ? n.doubleValue() : null);
    }

    private static String text(FluxRecord r, String column) {
        Object value = r.getValueByKey(column);
        return value == null ? null : value.toString();
    }

    private static Double number(FluxRecord r, String column) {
        return r.getValueByKey(column) instanceof Number n && Double.isFinite(n.doubleValue()) ? n.doubleValue() : null;
    }
}
