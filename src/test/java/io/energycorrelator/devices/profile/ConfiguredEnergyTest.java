package io.energycorrelator.devices.profile;

import io.energycorrelator.model.StateChange;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A device with a configured power is valued by it: on-time at the on-power, the time known off at standby. */
class ConfiguredEnergyTest {

    private static final String KETTLE = "switch.kettle";
    private static final LocalDate MARCH_4 = LocalDate.parse("2024-03-04");
    private static final Instant START = Instant.parse("2024-03-04T00:00:00Z");
    private static final DailyEnergy CONFIGURED = new DailyEnergy(ZoneOffset.UTC, OnStates.DEFAULTS,
            new ConfiguredPowers(Map.of(KETTLE, new ConfiguredPower(2000, 0.5))));

    private static StateChange change(String at, String from, String to) {
        return new StateChange(Instant.parse(at), KETTLE, "switch", to, from);
    }

    @Test
    void onTimeAtTheOnPowerAndOffTimeAtStandbyWithoutAnyProfile() {
        // On 06:00–06:06 and 18:00–18:03 (540 s); off the other 85,860 s.
        List<StateChange> changes = List.of(change("2024-03-04T06:00:00Z", "off", "on"), change("2024-03-04T06:06:00Z", "on", "off"),
                change("2024-03-04T18:00:00Z", "off", "on"), change("2024-03-04T18:03:00Z", "on", "off"));

        List<DeviceEnergyDay> days = CONFIGURED.days(KETTLE, "switch", "off", changes, MARCH_4, MARCH_4, ProfileLookup.none());

        // 311.925 Wh; a configured power's confidence (0.677) and range (0.86 to 6.86 times), as measured on REFIT.
        double wh = (540.0 * 2000 + 85_860.0 * 0.5) / 3600;
        assertThat(days).containsExactly(new DeviceEnergyDay(KETTLE, MARCH_4, START, wh, wh * 0.86, wh * 6.86, 540.0, 2000.0,
                0.677, 86_400.0, true, 0.0, "configured"));
    }

    @Test
    void timeTheStateWasUnknownIsNeitherOnNorStandby() {
        // Unknown until 12:00 (no state stored), then on for an hour, then off.
        List<StateChange> changes = List.of(change("2024-03-04T12:00:00Z", "unavailable", "on"),
                change("2024-03-04T13:00:00Z", "on", "off"));

        List<DeviceEnergyDay> days = CONFIGURED.days(KETTLE, "switch", null, changes, MARCH_4, MARCH_4, ProfileLookup.none());

        double wh = (3600.0 * 2000 + 39_600.0 * 0.5) / 3600;
        assertThat(days).containsExactly(new DeviceEnergyDay(KETTLE, MARCH_4, START, wh, wh * 0.86, wh * 6.86, 3600.0, 2000.0,
                0.677, 86_400.0, true, 43_200.0, "configured"));
    }

    @Test
    void aDeviceNotConfiguredIsStillValuedByItsProfiles() {
        assertThat(CONFIGURED.days("switch.lamp", "switch", "off", List.of(), MARCH_4, MARCH_4, ProfileLookup.none())).isEmpty();
    }
}
