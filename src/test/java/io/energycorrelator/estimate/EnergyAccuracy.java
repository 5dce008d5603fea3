package io.energycorrelator.estimate;

import io.energycorrelator.model.StateChange;
import io.energycorrelator.devices.profile.DailyEnergy;
import io.energycorrelator.devices.profile.DeviceEnergyDay;
import io.energycorrelator.devices.profile.DeviceProfile;
import io.energycorrelator.devices.profile.ObservedStep;
import io.energycorrelator.devices.profile.ProfileLookup;
import io.energycorrelator.devices.profile.Transition;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * How close each device's estimated daily energy comes to the simulated house's truth: for every device and
 * every day it ran, {@link DailyEnergy} with the profiles as they stood when that day ended (see
 * {@link OnlineRun}) against the energy the device really used.
 */
final class EnergyAccuracy {

    static final double TOLERANCE = 0.10;

    /** One device's day: the true and the estimated energy (NaN when the device could not be valued). */
    record DeviceDay(String entityId, double nominalW, LocalDate day, double trueWh, double estimatedWh) {

        boolean valued() {
            return !Double.isNaN(estimatedWh);
        }

        /** (estimated − true) / true; NaN when not valued. */
        double relativeError() {
            return (estimatedWh - trueWh) / trueWh;
        }

        boolean isRight() {
            return valued() && Math.abs(relativeError()) <= TOLERANCE;
        }
    }

    /** Device-days of a group: how many, how many within 10 %, how many not valued, median and worst |error|. */
    record Summary(int deviceDays, int right, int notValued, double medianAbsError, double worstAbsError) {
    }

    private EnergyAccuracy() {
    }

    /** Each device-day valued with the profiles a run had learned by the end of that day. */
    static List<DeviceDay> deviceDays(SimulatedHouse house, OnlineRun.Outcome outcome) {
        return deviceDays(house, day -> outcome.profilesAfterDay().getOrDefault(day, ProfileLookup.none()));
    }

    /** Each device-day valued at the device's nominal power: what knowing the label exactly would give. */
    static List<DeviceDay> atNominalPower(SimulatedHouse house) {
        ProfileLookup nominal = (entityId, transition) -> SimulatedHouse.DEVICES.stream()
                .filter(d -> d.entityId().equals(entityId) && transition.equals(Transition.of("off", d.onState())))
                .findFirst()
                .map(d -> DeviceProfile.of(entityId, transition, List.of(new ObservedStep(SimulatedHouse.START, d.nominalW()))));
        return deviceDays(house, day -> nominal);
    }

    private static List<DeviceDay> deviceDays(SimulatedHouse house, Function<LocalDate, ProfileLookup> profilesFor) {
        DailyEnergy daily = new DailyEnergy(ZoneOffset.UTC);
        List<DeviceDay> days = new ArrayList<>();
        for (SimulatedHouse.Device device : SimulatedHouse.DEVICES) {
            List<StateChange> changes = house.events().stream().map(SimulatedHouse.Event::change)
                    .filter(c -> c.entityId().equals(device.entityId())).toList();
            for (int d = 0; d < SimulatedHouse.DAYS; d++) {
                LocalDate day = LocalDate.ofInstant(SimulatedHouse.START, ZoneOffset.UTC).plusDays(d);
                double trueWh = house.trueEnergyWh(device.entityId(), day);
                if (trueWh == 0) {
                    continue;
                }
                Optional<DeviceEnergyDay> estimate = daily.day(device.entityId(), device.domain(),
                        stateAt(changes, day.atStartOfDay(ZoneOffset.UTC).toInstant()), changes, day, profilesFor.apply(day));
                days.add(new DeviceDay(device.entityId(), device.nominalW(), day, trueWh,
                        estimate.map(DeviceEnergyDay::energyWh).orElse(Double.NaN)));
            }
        }
        return days;
    }

    static Summary summary(List<DeviceDay> days, Predicate<DeviceDay> group) {
        List<DeviceDay> in = days.stream().filter(group).toList();
        double[] errors = in.stream().filter(DeviceDay::valued).mapToDouble(d -> Math.abs(d.relativeError())).sorted().toArray();
        int right = (int) in.stream().filter(DeviceDay::isRight).count();
        int notValued = (int) in.stream().filter(d -> !d.valued()).count();
        double median = errors.length == 0 ? Double.NaN : errors.length % 2 == 1 ? errors[errors.length / 2]
                : (errors[errors.length / 2 - 1] + errors[errors.length / 2]) / 2;
        double worst = Arrays.stream(errors).max().orElse(Double.NaN);
        return new Summary(in.size(), right, notValued, median, worst);
    }

    /** The state at an instant: that of the last change before it, or off. */
    static String stateAt(List<StateChange> changes, Instant t) {
        String state = "off";
        for (StateChange c : changes) {
            if (!c.time().isBefore(t)) {
                break;
            }
            state = c.state();
        }
        return state;
    }
}
