package io.energycorrelator.correlate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Records that one concern of a cycle could not use, counted by reason, each logged at DEBUG with the record. Each
 * concern keeps its own (inside its state, written only by its beans); {@link CycleTally} adds them up.
 */
public final class Skips {

    private static final Logger LOG = LoggerFactory.getLogger("io.energycorrelator.skipped");

    private final Map<String, Long> byReason = new TreeMap<>();

    /** One record skipped, logged at DEBUG. */
    void skip(String reason, Object record) {
        byReason.merge(reason, 1L, Long::sum);
        LOG.debug("Skipped a record ({}): {}", reason, record);
    }

    public Map<String, Long> byReason() {
        return Collections.unmodifiableMap(byReason);
    }
}
