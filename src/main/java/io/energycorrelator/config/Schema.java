package io.energycorrelator.config;

/**
 * Where the state changes and the meter readings are in InfluxDB: one of two presets (GUIDE §2), each
 * mapping overridable key by key.
 *
 * @param eventMeasurement       measurement of the state changes; empty = any (Home Assistant's integration
 *                               names it after the unit or the entity)
 * @param entityTag              tag holding the entity
 * @param entityTagHasDomain     whether that tag holds the full id ({@code switch.lamp}) or only the object id
 * @param domainTag              tag holding the domain
 * @param stateField             field holding the new state (a string)
 * @param previousStateField     field holding the previous state; empty = derived from the entity's
 *                               preceding state
 * @param meterMeasurement       measurement of the whole-house power
 * @param meterField             its field
 * @param meterEntityTag         tag that picks the meter among other series of that measurement; empty = none
 * @param meterEntityId          value of that tag
 * @param meterWattsPerUnit      1 for W, 1000 for kW
 */
public record Schema(
        String name,
        String eventMeasurement,
        String entityTag,
        boolean entityTagHasDomain,
        String domainTag,
        String stateField,
        String previousStateField,
        String meterMeasurement,
        String meterField,
        String meterEntityTag,
        String meterEntityId,
        double meterWattsPerUnit) {

    public static final String HOMEIQ = "homeiq";
    public static final String HOME_ASSISTANT = "home-assistant";

    /** The original service's layout. */
    static Schema homeiq() {
        return new Schema(HOMEIQ, "home_assistant_events", "entity_id", true, "domain", "state_value", "previous_state",
                "smart_meter", "total_power_w", "", "", 1);
    }

    /** Home Assistant's own InfluxDB integration (api_version 2); the meter is a power sensor in W. */
    static Schema homeAssistant() {
        return new Schema(HOME_ASSISTANT, "", "entity_id", false, "domain", "state", "",
                "W", "value", "entity_id", "", 1);
    }

    public boolean derivesPreviousState() {
        return previousStateField.isEmpty();
    }
}
