package io.energycorrelator.config;

import io.energycorrelator.devices.profile.ConfiguredPowers;

import java.time.Duration;
import java.time.ZoneId;

/**
 * The devices' profiles and daily energy: how many recent steps a profile learns from, when an unused device is
 * forgotten, the house's time zone (its midnights cut the days), and the configured powers of {@link DevicePowerFile}.
 */
public record EnergySettings(int recentSteps, Duration forgetProfilesAfter, ZoneId zone, String devicePowerFile,
        ConfiguredPowers configuredPowers) {

    public static EnergySettings read(Settings r) {
        // Read by routes/devices.camel.yaml's timer; checked here so that a bad value stops start-up.
        r.get("correlator.energy.interval-minutes").wholeNumber(1, 1_440);
        return new EnergySettings(
                (int) r.get("correlator.profiles.recent-steps").wholeNumber(5, 1_000),
                Duration.ofDays(r.get("correlator.profiles.forget-after-days").wholeNumber(1, 3_650)),
                r.get("correlator.energy.zone").zoneOrProcess(),
                r.get(DevicePowerFile.KEY).required("the path of the device power file (it may be absent)"),
                DevicePowerFile.read(r));
    }
}
