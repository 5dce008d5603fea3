package io.energycorrelator.correlate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Logs records that cannot be used: each one at DEBUG with the record (counted by reason in its cycle, and so
 * in /statistics or GET /backfill), and, once a cycle or a backfill chunk has succeeded, one WARN line with
 * its count of each reason, e.g. {@code Live cycle (a, b]: skipped 3 no_meter_data, 1 unknown_domain}. A
 * cycle that fails and is redone logs its skips once, when it succeeds.
 */
public class SkipLog {

    /** A state change the meter could not read a step for. */
    public static final String NO_METER_DATA = "no_meter_data";

    private static final Logger LOG = LoggerFactory.getLogger("io.energycorrelator.skipped");

    /** One line for the cycle's skips (by reason, in name order), if it had any. */
    public void summarize(Cycle cycle, CycleOutcome outcome) {
        Map<String, Long> skipped = new TreeMap<>(outcome.skipped());
        if (!skipped.isEmpty()) {
            LOG.warn("{} ({}, {}]: skipped {}", cycle.run() == Cycle.Run.LIVE ? "Live cycle" : "Backfill chunk",
                    cycle.after(), outcome.settledUntil(), skipped.entrySet().stream()
                            .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ")));
        }
    }
}
