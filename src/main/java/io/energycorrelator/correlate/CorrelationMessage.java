package io.energycorrelator.correlate;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.energycorrelator.model.Correlation;

/**
 * One written correlation as an output route publishes it: {@code marshal: json} turns it into a flat JSON
 * object whose names are those of the InfluxDB points (docs/outputs.md). {@code previous_state} is
 * null when Home Assistant recorded none; {@code run} says who wrote it, {@code live} or {@code backfill}.
 */
public record CorrelationMessage(
        @JsonProperty("entity_id") String entityId,
        @JsonProperty("domain") String domain,
        @JsonProperty("state") String state,
        @JsonProperty("previous_state") String previousState,
        @JsonProperty("time") String time,
        @JsonProperty("power_before_w") double powerBeforeW,
        @JsonProperty("power_after_w") double powerAfterW,
        @JsonProperty("power_delta_w") double powerDeltaW,
        @JsonProperty("power_delta_pct") double powerDeltaPct,
        @JsonProperty("power_delta_uncertainty_w") double powerDeltaUncertaintyW,
        @JsonProperty("confidence") double confidence,
        @JsonProperty("overlapping_events") int overlappingEvents,
        @JsonProperty("run") String run) {

    /** Called by the output route with the correlation (the body) and the batch's CorrelatorRun header. */
    public static CorrelationMessage of(Correlation correlation, String run) {
        return new CorrelationMessage(correlation.change().entityId(), correlation.change().domain(),
                correlation.change().state(), correlation.change().previousState(), correlation.change().time().toString(),
                correlation.powerBeforeW(), correlation.powerAfterW(), correlation.powerDeltaW(), correlation.powerDeltaPct(),
                Confidence.uncertaintyW(correlation.confidence(), correlation.powerDeltaW()), correlation.confidence(), correlation.overlappingEvents(), run);
    }
}
