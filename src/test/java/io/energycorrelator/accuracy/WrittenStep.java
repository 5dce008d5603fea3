package io.energycorrelator.accuracy;

import java.time.Instant;

/** An {@code event_energy_correlation} point the service wrote, as read back from InfluxDB. */
public record WrittenStep(String entityId, Instant time, double deltaW, double confidence, String estimateSource) {

    /** The key that ties it to its state change. */
    public String key() {
        return key(entityId, time);
    }

    public static String key(String entityId, Instant time) {
        return entityId + "@" + time;
    }
}
