package io.energycorrelator.profile;

import java.util.Locale;
import java.util.Set;

/**
 * Which states count as drawing power, for the domains whose states map to on and off: {@code switch},
 * {@code light} and {@code fan} are on in {@code on} only; {@code climate} is on in anything but
 * {@code off} ({@code heat}, {@code cool}, {@code auto}, …). {@code unknown} and {@code unavailable}
 * count as off everywhere: Home Assistant cannot tell, so no energy is counted for that time.
 */
public final class OnOffStates {

    private static final Set<String> ON_WHEN_ON = Set.of("switch", "light", "fan");
    private static final String CLIMATE = "climate";
    private static final Set<String> NEVER_ON = Set.of("off", "unknown", "unavailable", "");

    private OnOffStates() {
    }

    public static boolean supports(String domain) {
        return domain != null && (ON_WHEN_ON.contains(domain) || CLIMATE.equals(domain));
    }

    public static boolean isOn(String domain, String state) {
        String s = state == null ? "" : state.strip().toLowerCase(Locale.ROOT);
        if (ON_WHEN_ON.contains(domain)) {
            return s.equals("on");
        }
        if (CLIMATE.equals(domain)) {
            return !NEVER_ON.contains(s);
        }
        throw new IllegalArgumentException("the states of domain " + domain + " do not map to on and off");
    }
}
