package io.energycorrelator.devices.profile;

import io.energycorrelator.model.StateChange;

import java.util.Locale;

/**
 * The name of a state change's transition, the key a profile is kept under besides the entity:
 * {@code "off->on"}, {@code "heat->off"}. States are trimmed and lower-cased (Home Assistant's own are
 * lower case already); a missing previous state reads {@value #UNKNOWN}, as in the correlation's tag.
 */
public final class Transition {

    public static final String UNKNOWN = "unknown";
    static final String ARROW = "->";

    private Transition() {
    }

    public static String of(StateChange change) {
        return of(change.previousState(), change.state());
    }

    public static String of(String from, String to) {
        return normalised(from) + ARROW + normalised(to);
    }

    static String normalised(String state) {
        String s = state == null ? "" : state.strip().toLowerCase(Locale.ROOT);
        return s.isEmpty() ? UNKNOWN : s;
    }
}
