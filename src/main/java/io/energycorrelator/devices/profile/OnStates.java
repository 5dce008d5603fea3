package io.energycorrelator.devices.profile;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which states of each domain draw power, as the settings name them ({@code correlator.domains.on-states.*}):
 * a domain without on-states is correlated but not valued for energy. {@code unavailable} and {@code unknown}
 * are neither on nor off: Home Assistant cannot tell, so that time is counted apart, as unknown.
 * <p>
 * A climate entity's mode ({@code heat}) says what it may do, its {@code hvac_action} ({@code heating},
 * {@code idle}) what it does: where the action is stored it decides ({@link #climateOnActions}); where it is
 * not, the mode does, less surely ({@link Verdict#ON_BY_MODE}).
 */
public final class OnStates {

    public static final String CLIMATE = "climate";

    /** What a state says about the power drawn. */
    public enum Verdict { ON, ON_BY_MODE, OFF, UNKNOWN }

    /** The defaults of application.properties, for tests and tools that run without settings. */
    public static final OnStates DEFAULTS = new OnStates(Map.of("switch", Set.of("on"), "light", Set.of("on"),
            "fan", Set.of("on"), "cover", Set.of("opening", "closing"),
            CLIMATE, Set.of("heat", "cool", "heat_cool", "auto", "dry", "fan_only")),
            Set.of("heating", "cooling", "drying", "fan", "preheating", "defrosting"));

    private static final Set<String> UNKNOWN = Set.of("unavailable", "unknown");

    private final Map<String, Set<String>> onStates;
    private final Set<String> climateOnActions;

    /**
     * @param onStates         by domain, its on-states (for climate, the modes that count as on where no action is stored)
     * @param climateOnActions the climate actions that draw power
     */
    public OnStates(Map<String, Set<String>> onStates, Set<String> climateOnActions) {
        this.onStates = new TreeMap<>();
        onStates.forEach((domain, states) -> this.onStates.put(domain, states.stream().map(OnStates::normal)
                .collect(Collectors.toUnmodifiableSet())));
        this.climateOnActions = climateOnActions.stream().map(OnStates::normal)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Whether the domain's states say when it draws power. */
    public boolean supports(String domain) {
        return domain != null && onStates.containsKey(domain);
    }

    /** The domain's on-states, normalised (for climate: its on-modes). */
    public Set<String> of(String domain) {
        Set<String> states = onStates.get(domain);
        if (states == null) {
            throw new IllegalArgumentException("the states of domain " + domain + " do not say when it draws power");
        }
        return states;
    }

    public boolean isOn(String domain, String state) {
        return of(domain).contains(normal(state));
    }

    /** Whether a state is unavailable or unknown: neither on nor off. */
    public static boolean isUnknown(String state) {
        return UNKNOWN.contains(normal(state));
    }

    /**
     * What a state (and, for climate, an action; null when none is stored) says about the power drawn. A state
     * that is unknown wins over a stale action.
     */
    public Verdict verdict(String domain, String state, String action) {
        if (isUnknown(state)) {
            return Verdict.UNKNOWN;
        }
        if (CLIMATE.equals(domain) && action != null && supports(domain)) {
            return isUnknown(action) ? Verdict.UNKNOWN
                    : climateOnActions.contains(normal(action)) ? Verdict.ON : Verdict.OFF;
        }
        if (!isOn(domain, state)) {
            return Verdict.OFF;
        }
        return CLIMATE.equals(domain) ? Verdict.ON_BY_MODE : Verdict.ON;
    }

    private static String normal(String state) {
        return state == null ? "" : state.strip().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "on-states " + onStates + ", climate on-actions " + new TreeSet<>(climateOnActions);
    }
}
