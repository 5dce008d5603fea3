package io.energycorrelator.homeassistant;

import io.energycorrelator.devices.DeviceEnergy;
import io.energycorrelator.devices.DeviceEnergy.DeviceNow;
import io.energycorrelator.profile.DevicePower;
import io.energycorrelator.profile.ProfileBook;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.SortedSet;

/**
 * What the sensors say now: the devices that get sensors (on/off devices with a profile at least as confident as
 * the profile estimator asks for, {@link DevicePower#confident}), what each draws in the state it is in, and its
 * energy today so far. Reads today's state changes from InfluxDB ({@link DeviceEnergy#now}), so a power sensor
 * follows its device as soon as Home Assistant has written the change, without waiting for it to settle; no query
 * at all while no device qualifies.
 */
public class SensorReadings {

    /**
     * One device's sensors.
     *
     * @param powerW        what it draws now
     * @param day           the day its energy is counted in
     * @param energyTodayWh its energy today so far; null when it cannot be told (no state known for the device)
     */
    public record Reading(String entityId, double powerW, LocalDate day, Double energyTodayWh) {
    }

    private final ProfileBook book;
    private final double minConfidence;
    private final DeviceEnergy energy;

    public SensorReadings(ProfileBook book, double minConfidence, DeviceEnergy energy) {
        this.book = book;
        this.minConfidence = minConfidence;
        this.energy = energy;
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
            readings.add(device == null || device.energyToday() == null
                    ? new Reading(entityId, watts.getAsDouble(), null, null)
                    : new Reading(entityId, watts.getAsDouble(), device.energyToday().day(), device.energyToday().energyWh()));
        }
        return readings;
    }
}
