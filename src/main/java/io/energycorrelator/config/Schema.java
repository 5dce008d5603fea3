package io.energycorrelator.config;

import java.util.List;

/**
 * Where the state changes and the meter readings are in InfluxDB, and which Home Assistant domains are
 * tracked: one of two presets ({@code homeiq}, a dedicated measurement holding the previous state too, and {@code home-assistant},
 * what Home Assistant's own InfluxDB integration writes), each mapping overridable key by key.
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
 * @param trackedDomains         the Home Assistant domains whose state changes are correlated
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
        double meterWattsPerUnit,
        List<String> trackedDomains) {

    public static final String HOMEIQ = "homeiq";
    public static final String HOME_ASSISTANT = "home-assistant";

    /** The value of correlator.events.previous-state-field that asks for the previous state to be derived. */
    public static final String DERIVED = "derived";

    private static final String SCHEMA = "correlator.schema";
    private static final String EVENT_MEASUREMENT = "correlator.events.measurement";
    private static final String EVENT_ENTITY_TAG = "correlator.events.entity-tag";
    private static final String EVENT_ENTITY_TAG_HAS_DOMAIN = "correlator.events.entity-tag-has-domain";
    private static final String EVENT_DOMAIN_TAG = "correlator.events.domain-tag";
    private static final String EVENT_STATE_FIELD = "correlator.events.state-field";
    private static final String EVENT_PREVIOUS_STATE_FIELD = "correlator.events.previous-state-field";
    private static final String METER_MEASUREMENT = "correlator.meter.measurement";
    private static final String METER_FIELD = "correlator.meter.field";
    private static final String METER_ENTITY_TAG = "correlator.meter.entity-tag";
    private static final String METER_ENTITY_ID = "correlator.meter.entity-id";
    private static final String METER_UNIT = "correlator.meter.unit";

    /** The {@code homeiq} layout: measurement home_assistant_events with the previous state beside the state. */
    static Schema homeiq(List<String> domains) {
        return new Schema(HOMEIQ, "home_assistant_events", "entity_id", true, "domain", "state_value", "previous_state",
                "smart_meter", "total_power_w", "", "", 1, domains);
    }

    /** Home Assistant's own InfluxDB integration (api_version 2); the meter is a power sensor in W. */
    static Schema homeAssistant(List<String> domains) {
        return new Schema(HOME_ASSISTANT, "", "entity_id", false, "domain", "state", "",
                "W", "value", "entity_id", "", 1, domains);
    }

    /** A preset, then each of its keys that is set overrides the preset's value. */
    public static Schema read(Settings r) {
        List<String> domains = r.get("correlator.domains").domains();
        String preset = r.get(SCHEMA).oneOf(HOMEIQ, HOME_ASSISTANT);
        Schema base = preset.equals(HOMEIQ) ? homeiq(domains) : homeAssistant(domains);
        String unit = r.get(METER_UNIT).isSet() ? r.get(METER_UNIT).oneOf("W", "kW") : "W";
        String meterMeasurement = r.get(METER_MEASUREMENT)
                .nameOr(base.meterEntityTag().isEmpty() ? base.meterMeasurement() : unit);
        boolean entityTagHasDomain = r.get(EVENT_ENTITY_TAG_HAS_DOMAIN).isSet() ? r.get(EVENT_ENTITY_TAG_HAS_DOMAIN).bool()
                : base.entityTagHasDomain();
        String meterEntityTag = r.get(METER_ENTITY_TAG).nameOr(base.meterEntityTag());
        String meterEntityId = r.get(METER_ENTITY_ID).nameOr("");
        if (!meterEntityTag.isEmpty() && meterEntityId.isEmpty()) {
            throw r.get(METER_ENTITY_ID).invalid(null, "the meter's entity id, e.g. sensor.grid_power or grid_power "
                    + "(required with " + SCHEMA + "=" + preset + ")");
        }
        // Home Assistant's integration tags the object id only: sensor.grid_power and grid_power both name it.
        if (!entityTagHasDomain && meterEntityId.contains(".")) {
            meterEntityId = meterEntityId.substring(meterEntityId.indexOf('.') + 1);
        }
        String previous = r.get(EVENT_PREVIOUS_STATE_FIELD).nameOr(base.previousStateField());
        return new Schema(preset,
                r.get(EVENT_MEASUREMENT).nameOr(base.eventMeasurement()),
                r.get(EVENT_ENTITY_TAG).nameOr(base.entityTag()),
                entityTagHasDomain,
                r.get(EVENT_DOMAIN_TAG).nameOr(base.domainTag()),
                r.get(EVENT_STATE_FIELD).nameOr(base.stateField()),
                DERIVED.equals(previous) ? "" : previous,
                meterMeasurement,
                r.get(METER_FIELD).nameOr(base.meterField()),
                meterEntityTag,
                meterEntityId,
                unit.equals("kW") ? 1000 : 1,
                domains);
    }

    public boolean derivesPreviousState() {
        return previousStateField.isEmpty();
    }
}
