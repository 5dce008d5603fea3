package io.energycorrelator.devices.profile;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a device whose domain has on-states ({@link OnStates}) draws, by its profiles: which devices are known well enough to say,
 * and how much a device draws in the state it is in.
 */
public final class DevicePower {

    private DevicePower() {
    }

    /**
     * The on/off devices with a profile of a step into or out of an on-state ({@code off->on}, {@code heat->off}…)
     * at least this confident.
     */
    public static SortedSet<String> confident(Collection<DeviceProfile> profiles, double minConfidence, OnStates states) {
        SortedSet<String> devices = new TreeSet<>();
        for (DeviceProfile p : profiles) {
            String domain = domainOf(p.entityId());
            if (states.supports(domain) && p.confidence() >= minConfidence && onState(domain, p.transition(), states) != null) {
                devices.add(p.entityId());
            }
        }
        return devices;
    }

    /**
     * What the device draws in this state: 0 W in a state that is off; in an on-state (for climate, its mode),
     * what its profiles say it draws there ({@link OnStatePower}: that state's own steps, else the most confident
     * figure of its other on-states). Empty when none of its on-states has a profile, and while its state is
     * unknown ({@code unavailable}, {@code unknown}, none stored): neither on nor off.
     */
    public static OptionalDouble watts(String entityId, String state, ProfileBook book, OnStates states) {
        return watts(entityId, state, null, book, states);
    }

    /** As {@link #watts(String, String, ProfileBook, OnStates)}; a climate entity with an action is on while that is. */
    public static OptionalDouble watts(String entityId, String state, String action, ProfileBook book, OnStates states) {
        String domain = domainOf(entityId);
        if (!states.supports(domain) || state == null) {
            return OptionalDouble.empty();
        }
        OnStates.Verdict verdict = states.verdict(domain, state, action);
        if (verdict == OnStates.Verdict.UNKNOWN) {
            return OptionalDouble.empty();
        }
        if (verdict == OnStates.Verdict.OFF) {
            return OptionalDouble.of(0);
        }
        String current = Transition.normalised(state);
        Set<String> onStates = new LinkedHashSet<>(List.of(current));
        for (DeviceProfile p : book.profiles()) {
            String onState = p.entityId().equals(entityId) ? onState(domain, p.transition(), states) : null;
            if (onState != null) {
                onStates.add(onState);
            }
        }
        Map<String, OnStatePower.Power> powers = OnStatePower.of(entityId, onStates, states.of(domain), book);
        OnStatePower.Power power = powers.get(current);
        return power == null ? OptionalDouble.empty() : OptionalDouble.of(power.watts());
    }

    /**
     * What the device draws when on by what was learned alone: the figure of its most confident on-state
     * ({@link OnStatePower}); empty when none of its on-states has a profile.
     */
    public static OptionalDouble learnedOnWatts(String entityId, ProfileBook book, OnStates states) {
        String domain = domainOf(entityId);
        if (!states.supports(domain)) {
            return OptionalDouble.empty();
        }
        Set<String> onStates = new LinkedHashSet<>();
        for (DeviceProfile p : book.profiles()) {
            String onState = p.entityId().equals(entityId) ? onState(domain, p.transition(), states) : null;
            if (onState != null) {
                onStates.add(onState);
            }
        }
        Map<String, OnStatePower.Power> powers = OnStatePower.of(entityId, onStates, states.of(domain), book);
        return powers.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(OnStatePower.mostConfident(powers).watts());
    }

    /** The domain of a full entity id ({@code switch.kettle} → {@code switch}). */
    public static String domainOf(String entityId) {
        int dot = entityId.indexOf('.');
        return dot < 0 ? "" : entityId.substring(0, dot);
    }

    /**
     * The on-state a transition enters from a state that is not on or leaves to one ({@code off->heat},
     * {@code opening->open}); else null (between two on-states, or from or to an unknown state).
     */
    private static boolean isRest(String domain, String state, OnStates states) {
        return !OnStates.isUnknown(state) && !states.isOn(domain, state);
    }

    private static String onState(String domain, String transition, OnStates states) {
        int arrow = transition.indexOf(Transition.ARROW);
        if (arrow < 0) {
            return null;
        }
        String from = transition.substring(0, arrow);
        String to = transition.substring(arrow + Transition.ARROW.length());
        if (isRest(domain, from, states) && states.isOn(domain, to)) {
            return to;
        }
        if (isRest(domain, to, states) && states.isOn(domain, from)) {
            return from;
        }
        return null;
    }
}
