package io.energycorrelator.profile;

import java.util.Optional;

/** Where an estimator finds what a device's transition typically does (see {@link ProfileBook}). */
@FunctionalInterface
public interface ProfileLookup {

    /** The profile of this entity's transition (as {@link Transition#of} names it), if one was learned. */
    Optional<DeviceProfile> find(String entityId, String transition);

    /** No profiles at all. */
    static ProfileLookup none() {
        return (entityId, transition) -> Optional.empty();
    }
}
