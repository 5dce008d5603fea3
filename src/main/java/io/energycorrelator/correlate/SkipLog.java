package io.energycorrelator.correlate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logs records that cannot be used: the first of each reason at WARN (so an operator notices), the rest at
 * DEBUG (so a meter that sends garbage every second does not flood the log). Every one is counted by reason
 * in its cycle, and so in /statistics.
 */
final class SkipLog {

    private static final Logger LOG = LoggerFactory.getLogger("io.energycorrelator.skipped");
    private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

    private SkipLog() {
    }

    static void skipped(Cycle cycle, String reason, Object record) {
        cycle.skip(reason);
        if (SEEN.add(reason)) {
            LOG.warn("Skipped a record ({}): {} (further records skipped for this reason are logged at DEBUG)", reason, record);
        } else {
            LOG.debug("Skipped a record ({}): {}", reason, record);
        }
    }
}
