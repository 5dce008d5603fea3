package io.energycorrelator.profile;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What an on/off device ({@link OnOffStates}) draws, by its profiles: which devices are known well enough to say,
 * and how much a device draws in the state it is in.
 */
public final class DevicePower {

    private static final String OFF = "off";

    private DevicePower() {
    }

    /**
     * The on/off devices with a profile of a step into or out of an on-state ({@code off->on}, {@code heat->off}…)
     * at least this confident.
     */
    public static SortedSet<String> confident(Collection<DeviceProfile> profiles, double minConfidence) {
        SortedSet<String> devices = new TreeSet<>();
        for (DeviceProfile p : profiles) {
            String domain = domainOf(p.entityId());
            if (OnOffStates.supports(domain) && p.confidence() >= minConfidence && onState(domain, p.transition()) != null) {
                devices.add(p.entityId());
            }
        }
        return devices;
    }

    /**
     * What the device draws in this state: 0 W in a state that is off ({@code off}, {@code unknown}, none at all);
     * in an on-state, what its profiles say it draws there ({@link OnStatePower}: that state's own steps, else the
     * most confident figure of its other on-states). Empty when none of its on-states has a profile.
     */
    public static OptionalDouble watts(String entityId, String state, ProfileBook book) {
        String domain = domainOf(entityId);
        if (!OnOffStates.supports(domain)) {
            return OptionalDouble.empty();
        }
        if (!OnOffStates.isOn(domain, state)) {
            return OptionalDouble.of(0);
        }
        String current = Transition.normalised(state);
        Set<String> onStates = new LinkedHashSet<>(List.of(current));
        for (DeviceProfile p : book.profiles()) {
            String onState = p.entityId().equals(entityId) ? onState(domain, p.transition()) : null;
            if (onState != null) {
                onStates.add(onState);
            }
        }
        Map<String, OnStatePower.Power> powers = OnStatePower.of(entityId, onStates, book);
        OnStatePower.Power power = powers.get(current);
        return power == null ? OptionalDouble.empty() : OptionalDouble.of(power.watts());
    }

    /** The domain of a full entity id ({@code switch.kettle} → {@code switch}). */
    public static String domainOf(String entityId) {
        int dot = entityId.indexOf('.');
        return dot < 0 ? "" : entityId.substring(0, dot);
    }

    /** The on-state a transition enters from off or leaves to off ({@code off->heat}, {@code heat->off}); else null. */
    private static String onState(String domain, String transition) {
        int arrow = transition.indexOf(Transition.ARROW);
        if (arrow < 0) {
            return null;
        }
        String from = transition.substring(0, arrow);
        String to = transition.substring(arrow + Transition.ARROW.length());
        if (from.equals(OFF) && OnOffStates.isOn(domain, to)) {
            return to;
        }
        if (to.equals(OFF) && OnOffStates.isOn(domain, from)) {
            return from;
        }
        return null;
    }
}
