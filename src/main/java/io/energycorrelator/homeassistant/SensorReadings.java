package io.energycorrelator.homeassistant;

import io.energycorrelator.correlate.Confidence;
import io.energycorrelator.devices.DeviceEnergy;
import io.energycorrelator.devices.DeviceEnergy.DeviceNow;
import io.energycorrelator.devices.profile.ConfiguredPower;
import io.energycorrelator.devices.profile.ConfiguredPowers;
import io.energycorrelator.devices.profile.DeviceEnergyDay;
import io.energycorrelator.devices.profile.DevicePower;
import io.energycorrelator.devices.profile.ProfileBook;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.SortedSet;

/**
 * What the sensors say now: the devices that get sensors (on/off devices with a profile at least as confident as
 * the profile estimator asks for, {@link DevicePower#confident}), what each draws in the state it is in, and its
 * energy today so far, with how far those can be trusted ({@link SensorAttributes}). Reads today's state changes from
 * InfluxDB ({@link DeviceEnergy#now}), so a power sensor follows its device as soon as Home Assistant has written the
 * change, without waiting for it to settle; no query at all while no device qualifies.
 */
public class SensorReadings {

    /**
     * One device's sensors.
     *
     * @param powerW        what it draws now
     * @param day           the day its energy is counted in
     * @param energyTodayWh its energy today so far; null when it cannot be told (no state known for the device)
     * @param attributes    how far these can be trusted, and the configured power
     */
    public record Reading(String entityId, double powerW, LocalDate day, Double energyTodayWh, SensorAttributes attributes) {
    }

    private final ProfileBook book;
    private final double minConfidence;
    private final DeviceEnergy energy;
    private final ConfiguredPowers configured;

    public SensorReadings(ProfileBook book, double minConfidence, DeviceEnergy energy) {
        this(book, minConfidence, energy, ConfiguredPowers.NONE);
    }

    public SensorReadings(ProfileBook book, double minConfidence, DeviceEnergy energy, ConfiguredPowers configured) {
        this.book = book;
        this.minConfidence = minConfidence;
        this.energy = energy;
        this.configured = configured;
    }

    /** Each qualifying device's readings, by entity id. */
    public List<Reading> now() {
        SortedSet<String> devices = DevicePower.confident(book.profiles(), minConfidence, energy.states());
        if (devices.isEmpty()) {
            return List.of();
        }
        Map<String, DeviceNow> states = energy.now();
        List<Reading> readings = new ArrayList<>();
        for (String entityId : devices) {
            DeviceNow device = states.get(entityId);
            OptionalDouble watts = DevicePower.watts(entityId, device == null ? null : device.state(),
                    device == null ? null : device.action(), book, energy.states());
            if (watts.isEmpty()) {
                continue;
            }
            DeviceEnergyDay today = device == null ? null : device.energyToday();
            SensorAttributes attributes = attributes(entityId, today);
            readings.add(today == null ? new Reading(entityId, watts.getAsDouble(), null, null, attributes)
                    : new Reading(entityId, watts.getAsDouble(), today.day(), today.energyWh(), attributes));
        }
        return readings;
    }

    private SensorAttributes attributes(String entityId, DeviceEnergyDay today) {
        ConfiguredPower set = configured.of(entityId).orElse(null);
        OptionalDouble onW = DevicePower.learnedOnWatts(entityId, book, energy.states());
        // What a correlation of the device's typical step carries at best: a flat meter, nothing else switching near it.
        Double uncertaintyW = onW.isEmpty() ? null
                : Confidence.uncertaintyW(Confidence.calibrated(1.0, 0, false, onW.getAsDouble()), onW.getAsDouble());
        String source = set != null ? DeviceEnergyDay.CONFIGURED : today != null ? today.estimateSource() : DeviceEnergyDay.PROFILE;
        return new SensorAttributes(source, uncertaintyW, today == null ? null : today.energyWhLow(),
                today == null ? null : today.energyWhHigh(), today == null ? null : today.confidence(),
                set == null ? null : set.onW(), set == null ? null : set.standbyW());
    }
}
