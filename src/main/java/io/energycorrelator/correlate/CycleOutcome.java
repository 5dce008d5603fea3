package io.energycorrelator.correlate;

import java.time.Instant;
import java.util.Map;

/**
 * What one successful cycle did: the tally that reaches the statistics once the whole cycle succeeded.
 *
 * @param skipped     records that could not be used, by reason
 * @param backlog     state changes left in the cycle's range for the next cycles (the cycle was cut)
 * @param settledUntil where the watermark stands after it
 * @param late        state changes judged in this cycle although the watermark had passed them (rows that arrived late)
 */
public record CycleOutcome(long eventsProcessed, long correlationsFound, long correlationsWritten, long belowThreshold,
        Map<String, Long> skipped, long backlog, Instant settledUntil, long late) {
}
