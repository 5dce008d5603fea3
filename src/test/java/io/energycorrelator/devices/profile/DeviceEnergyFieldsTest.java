package io.energycorrelator.devices.profile;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class DeviceEnergyFieldsTest {

    @Test
    void aDeviceDayIsAPointTaggedByEntityAtTheStartOfTheDay() {
        DeviceEnergyDay day = new DeviceEnergyDay("switch.kettle", LocalDate.parse("2024-03-04"),
                Instant.parse("2024-03-03T23:00:00Z"), 412.5, 300.0, 650.0, 720.0, 2062.5, 0.66, 3600.0, false, 120.0, "profile");

        assertThat(DeviceEnergyFields.MEASUREMENT).isEqualTo("device_energy_daily");
        assertThat(DeviceEnergyFields.tags(day)).containsExactly(entry("entity_id", "switch.kettle"));
        assertThat(DeviceEnergyFields.fields(day)).containsExactly(entry("energy_wh", 412.5), entry("energy_wh_low", 300.0),
                entry("energy_wh_high", 650.0), entry("on_seconds", 720.0),
                entry("unknown_seconds", 120.0),
                entry("typical_power_w", 2062.5), entry("confidence", 0.66), entry("covered_seconds", 3600.0),
                entry("complete", false), entry("estimate_source", "profile"));
        assertThat(DeviceEnergyFields.time(day)).isEqualTo(Instant.parse("2024-03-03T23:00:00Z"));
    }
}
