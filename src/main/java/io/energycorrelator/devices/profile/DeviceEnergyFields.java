package io.energycorrelator.devices.profile;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A day's device energy as the InfluxDB point {@value #MEASUREMENT}, without any InfluxDB type: tag
 * {@code entity_id}; float fields {@code energy_wh}, {@code energy_wh_low} and {@code energy_wh_high} (the range the
 * true energy lay in four times in five on real houses), {@code on_seconds}, {@code typical_power_w},
 * {@code confidence} (the probability that {@code energy_wh} is within 25 % of the truth), {@code covered_seconds} (how much of the day the data covers), {@code unknown_seconds} (how
 * much of that the device's state was unknown: neither on nor off) and boolean {@code complete} (whether the data
 * covers all of the day), string {@code estimate_source} ({@code profile} or {@code configured}); time = the day's start, so a day computed again overwrites its point.
 */
public final class DeviceEnergyFields {

    public static final String MEASUREMENT = "device_energy_daily";
    public static final String ENTITY_ID = "entity_id";
    public static final String ENERGY_WH = "energy_wh";
    public static final String ENERGY_WH_LOW = "energy_wh_low";
    public static final String ENERGY_WH_HIGH = "energy_wh_high";
    public static final String ON_SECONDS = "on_seconds";
    public static final String TYPICAL_POWER_W = "typical_power_w";
    public static final String CONFIDENCE = "confidence";
    public static final String COVERED_SECONDS = "covered_seconds";
    public static final String COMPLETE = "complete";
    public static final String UNKNOWN_SECONDS = "unknown_seconds";
    public static final String ESTIMATE_SOURCE = "estimate_source";

    private DeviceEnergyFields() {
    }

    public static Map<String, String> tags(DeviceEnergyDay day) {
        return Map.of(ENTITY_ID, day.entityId());
    }

    public static Map<String, Object> fields(DeviceEnergyDay day) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(ENERGY_WH, day.energyWh());
        fields.put(ENERGY_WH_LOW, day.energyWhLow());
        fields.put(ENERGY_WH_HIGH, day.energyWhHigh());
        fields.put(ON_SECONDS, day.onSeconds());
        fields.put(UNKNOWN_SECONDS, day.unknownSeconds());
        fields.put(TYPICAL_POWER_W, day.typicalPowerW());
        fields.put(CONFIDENCE, day.confidence());
        fields.put(COVERED_SECONDS, day.coveredSeconds());
        fields.put(COMPLETE, day.complete());
        fields.put(ESTIMATE_SOURCE, day.estimateSource());
        return fields;
    }

    public static Instant time(DeviceEnergyDay day) {
        return day.start();
    }
}
