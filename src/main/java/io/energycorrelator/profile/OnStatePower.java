package io.energycorrelator.profile;

import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What an entity draws in each on-state, by its profiles: the typical step of {@code off->state} and minus
 * that of {@code state->off}, averaged weighted by their counts (both read the same draw, so together they
 * are steadier than either); one alone when there is only one. An on-state with neither (a climate entity in
 * a mode never entered or left through {@code off}) takes the most confident figure of the others. A negative
 * figure (a misread profile) counts as 0 W.
 */
final class OnStatePower {

    private static final String OFF = "off";

    /** The watts, and the confidence of the profiles they came from (weighted the same way). */
    record Power(double watts, double confidence) {
    }

    private OnStatePower() {
    }

    /** Each on-state's power; empty when none of them has a profile. */
    static Map<String, Power> of(String entityId, Collection<String> onStates, ProfileLookup profiles) {
        Map<String, Power> powers = new TreeMap<>();
        for (String state : onStates) {
            own(entityId, state, profiles).ifPresent(p -> powers.put(state, p));
        }
        if (!powers.isEmpty()) {
            Power best = mostConfident(powers);
            onStates.forEach(state -> powers.putIfAbsent(state, best));
        }
        return powers;
    }

    static Power mostConfident(Map<String, Power> powers) {
        return powers.values().stream().max(Comparator.comparingDouble(Power::confidence)).orElseThrow();
    }

    private static Optional<Power> own(String entityId, String state, ProfileLookup profiles) {
        Optional<DeviceProfile> on = profiles.find(entityId, Transition.of(OFF, state));
        Optional<DeviceProfile> off = profiles.find(entityId, Transition.of(state, OFF));
        if (on.isEmpty() && off.isEmpty()) {
            return Optional.empty();
        }
        double onCount = on.map(DeviceProfile::count).orElse(0);
        double offCount = off.map(DeviceProfile::count).orElse(0);
        double watts = (onCount * on.map(DeviceProfile::typicalStepW).orElse(0.0)
                - offCount * off.map(DeviceProfile::typicalStepW).orElse(0.0)) / (onCount + offCount);
        double confidence = (onCount * on.map(DeviceProfile::confidence).orElse(0.0)
                + offCount * off.map(DeviceProfile::confidence).orElse(0.0)) / (onCount + offCount);
        return Optional.of(new Power(Math.max(0, watts), confidence));
    }
}
