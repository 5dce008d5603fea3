package io.energycorrelator.dashboard;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.energycorrelator.influx.FluxRow;
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
     * null (points written before the service recorded {@code overlapping_events}, {@code confidence} or
     * {@code power_delta_uncertainty_w}).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Correlation(String time, String entityId, String domain, String state, String previousState,
            Double powerBeforeW, Double powerAfterW, Double powerDeltaW, Double powerDeltaPct, Long overlappingEvents,
            Double confidence, Double powerDeltaUncertaintyW) {
    }

    private final StreamingQuery streaming;
    private final DashboardQueries queries;
    private final Duration lookback;
    private final Clock clock;

    /** @param lookback how far back "recent" reaches */
    public RecentCorrelations(StreamingQuery streaming, DashboardQueries queries, Duration lookback, Clock clock) {
        this.streaming = streaming;
        this.queries = queries;
        this.lookback = lookback;
        this.clock = clock;
    }

    /** The columns read, in the order {@link #correlation} reads them. */
    private static final List<String> COLUMNS = List.of("_time", "entity_id", "domain", "state", "previous_state",
            "power_before_w", "power_after_w", "power_delta_w", "power_delta_pct", "overlapping_events", "confidence",
            "power_delta_uncertainty_w");

    public List<Correlation> read(@Body DashboardRequests.CorrelationsRequest request) {
        List<Correlation> correlations = new ArrayList<>(request.limit());
        streaming.forEachRow(queries.recentCorrelations(clock.instant().minus(lookback), request.limit()), COLUMNS,
                row -> correlations.add(correlation(row)));
        return correlations;
    }

    private static Correlation correlation(FluxRow r) {
        return new Correlation(r.time(0).toString(), r.text(1), r.text(2), r.text(3), r.text(4), number(r, 5),
                number(r, 6), number(r, 7), number(r, 8), r.value(9) instanceof Number n ? n.longValue() : null,
                r.isNumber(10) ? r.number(10) : null, number(r, 11));
    }

    private static Double number(FluxRow r, int column) {
        return r.isNumber(column) && Double.isFinite(r.number(column)) ? r.number(column) : null;
    }
}
