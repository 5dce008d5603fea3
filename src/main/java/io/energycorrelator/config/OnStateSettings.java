package io.energycorrelator.config;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which states of each tracked domain draw power, for the devices' energy: {@code correlator.domains.on-states.<domain>}
 * (a tracked domain without it is correlated but not valued), the climate actions that draw power, and the field
 * a climate entity's action is stored in (Home Assistant's integration: {@code hvac_action_str}; the homeiq layout
 * stores none). {@code unavailable} and {@code unknown} may not be on-states: they are neither on nor off.
 *
 * @param onStates         by tracked domain, its on-states (lower case); for climate, the modes that count as on
 *                         where no action is stored
 * @param climateOnActions the climate actions that draw power
 * @param climateActionField the field holding a climate entity's action; empty: none stored
 */
public record OnStateSettings(Map<String, Set<String>> onStates, Set<String> climateOnActions, String climateActionField) {

    static final String ON_STATES = "correlator.domains.on-states.";
    static final String CLIMATE_ON_ACTIONS = "correlator.domains.climate.on-actions";
    static final String CLIMATE_ACTION_FIELD = "correlator.events.climate-action-field";
    /** The value of {@value #CLIMATE_ACTION_FIELD} that says no action is stored, whatever the preset. */
    static final String NONE = "none";
    private static final String HOME_ASSISTANT_ACTION_FIELD = "hvac_action_str";
    private static final Set<String> NEITHER = Set.of("unavailable", "unknown");

    public static OnStateSettings read(Settings r, Schema schema) {
        Map<String, Set<String>> onStates = new LinkedHashMap<>();
        for (String domain : schema.trackedDomains()) {
            if (r.get(ON_STATES + domain).isSet()) {
                onStates.put(domain, states(r, ON_STATES + domain));
            }
        }
        String field = r.get(CLIMATE_ACTION_FIELD)
                .nameOr(Schema.HOME_ASSISTANT.equals(schema.name()) ? HOME_ASSISTANT_ACTION_FIELD : "");
        return new OnStateSettings(onStates, states(r, CLIMATE_ON_ACTIONS), NONE.equals(field) ? "" : field);
    }

    /** A comma-separated list of states, none of them unavailable or unknown. */
    private static Set<String> states(Settings r, String key) {
        String allowed = "a comma-separated list of Home Assistant states (letters, digits, '_'), neither unavailable nor unknown";
        Setting setting = r.get(key);
        String value = setting.required(allowed);
        List<String> states = Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> s.toLowerCase(Locale.ROOT)).toList();
        if (states.isEmpty() || !states.stream().allMatch(s -> s.matches("[a-z0-9_]{1,64}") && !NEITHER.contains(s))) {
            throw setting.invalid(value, allowed);
        }
        return states.stream().collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** The tracked domains that are correlated but have no on-states: not valued for energy. */
    public List<String> unvalued(Schema schema) {
        return schema.trackedDomains().stream().filter(d -> !onStates.containsKey(d)).toList();
    }
}
