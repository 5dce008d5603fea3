package io.energycorrelator.devices.profile;

import io.energycorrelator.model.Correlation;
import io.energycorrelator.model.StateChange;

import java.time.Instant;

/** Correlations for the profile tests, written as an entity, a transition, a time and a step. */
final class ProfileTestData {

    static final Instant T0 = Instant.parse("2024-03-04T07:00:00Z");

    private ProfileTestData() {
    }

    /** A clean correlation (no overlap) of {@code entityId} going from → to at T0 + minutes, stepping by stepW. */
    static Correlation step(String entityId, String from, String to, int minutes, double stepW) {
        return correlation(entityId, from, to, minutes, stepW, 0);
    }

    static Correlation correlation(String entityId, String from, String to, int minutes, double stepW, int overlapping) {
        String domain = entityId.substring(0, entityId.indexOf('.'));
        StateChange change = new StateChange(T0.plusSeconds(60L * minutes), entityId, domain, to, from);
        return new Correlation(change, 300, 300 + stepW, overlapping, 1.0 / (1 + overlapping));
    }

    static Correlation on(String entityId, int minutes, double stepW) {
        return step(entityId, "off", "on", minutes, stepW);
    }

    static Correlation off(String entityId, int minutes, double stepW) {
        return step(entityId, "on", "off", minutes, stepW);
    }
}
