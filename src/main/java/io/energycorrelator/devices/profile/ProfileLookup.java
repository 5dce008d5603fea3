package io.energycorrelator.devices.profile;

import java.util.List;
import java.util.Optional;

/** Where an estimator finds what a device's transition typically does (see {@link ProfileBook}). */
@FunctionalInterface
public interface ProfileLookup {

    /** The profile of this entity's transition (as {@link Transition#of} names it), if one was learned. */
    Optional<DeviceProfile> find(String entityId, String transition);

    /** The transitions of this entity that have a profile (as {@link Transition#of} names them). */
    default List<String> transitionsOf(String entityId) {
        return List.of();
    }

    /** No profiles at all. */
    static ProfileLookup none() {
        return (entityId, transition) -> Optional.empty();
    }
}
