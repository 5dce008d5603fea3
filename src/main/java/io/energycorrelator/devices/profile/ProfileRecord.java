package io.energycorrelator.devices.profile;

import java.util.List;

/**
 * Everything a profile is learned from, to persist and restore it exactly: its entity, its transition and
 * the recent steps it keeps (oldest first). The profile itself follows from them ({@link #profile()}).
 */
public record ProfileRecord(String entityId, String transition, List<ObservedStep> recentSteps) {

    public ProfileRecord {
        if (entityId == null || entityId.isBlank() || transition == null || transition.isBlank()) {
            throw new IllegalArgumentException("a profile needs an entity and a transition: " + entityId + ", " + transition);
        }
        if (recentSteps.isEmpty()) {
            throw new IllegalArgumentException("a profile needs at least one step: " + entityId + " " + transition);
        }
        recentSteps = List.copyOf(recentSteps);
    }

    public DeviceProfile profile() {
        return DeviceProfile.of(entityId, transition, recentSteps);
    }
}
