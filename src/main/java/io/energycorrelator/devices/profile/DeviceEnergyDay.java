package io.energycorrelator.devices.profile;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One device's estimated energy over one day: the time it was on that day × what it draws when on, as its
 * profile's typical on-step says. {@code start} is the day's first instant in the zone the days are cut in
 * (the point's time); {@code typicalPowerW} is the power the on-time was valued at (weighted by on-time when
 * a climate entity ran in several modes); {@code confidence} is the probability that {@code energyWh} is within 25 %
 * of what the device drew, and [{@code energyWhLow}, {@code energyWhHigh}] the range it lay in four times in five at
 * that confidence, both as measured on real houses ({@link EnergyConfidence}; weighted by on-time like the power); {@code coveredSeconds} is how much of the day the data covers, and {@code complete} whether
 * that is all of it (a day of 23 or 25 hours where the clocks change); {@code unknownSeconds} is the part of the
 * covered time the device's state was unknown ({@code unavailable}, {@code unknown}, or none stored yet): neither
 * on nor off, so not in {@code onSeconds} nor valued. {@code estimateSource} says where the power came from:
 * {@value #PROFILE} (what was learned) or {@value #CONFIGURED} (what the user set, {@link ConfiguredPower}).
 */
public record DeviceEnergyDay(String entityId, LocalDate day, Instant start, double energyWh, double energyWhLow,
        double energyWhHigh, double onSeconds, double typicalPowerW, double confidence, double coveredSeconds,
        boolean complete, double unknownSeconds, String estimateSource) {

    public static final String PROFILE = "profile";
    public static final String CONFIGURED = "configured";

    /** A day valued by the device's profiles, its range the one {@link EnergyConfidence} gives its confidence. */
    public DeviceEnergyDay(String entityId, LocalDate day, Instant start, double energyWh, double onSeconds,
            double typicalPowerW, double confidence, double coveredSeconds, boolean complete, double unknownSeconds) {
        this(entityId, day, start, energyWh, EnergyConfidence.lowWh(energyWh, confidence),
                EnergyConfidence.highWh(energyWh, confidence), onSeconds, typicalPowerW, confidence, coveredSeconds, complete,
                unknownSeconds, PROFILE);
    }
}
