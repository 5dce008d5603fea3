package io.energycorrelator.config;

import io.energycorrelator.devices.profile.ConfiguredPower;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class DevicePowerFileTest {

    @TempDir
    Path dir;

    private static Settings reading(Path file) {
        return new Settings(key -> DevicePowerFile.KEY.equals(key) ? Optional.of(file.toString()) : Optional.empty(),
                Map.of(DevicePowerFile.KEY, "DEVICE_POWER_FILE"));
    }

    private Path file(String text) throws IOException {
        Path file = dir.resolve("device-power.txt");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void eachLineIsAnEntityItsPowerAndItsStandbyWhichDefaultsToZero() throws IOException {
        Path file = file("""
                # entity_id   power  standby_power
                switch.kettle 2000   0.5

                light.hallway\t20
                """);

        assertThat(DevicePowerFile.read(reading(file)).all()).containsExactly(
                entry("light.hallway", new ConfiguredPower(20, 0)), entry("switch.kettle", new ConfiguredPower(2000, 0.5)));
    }

    @Test
    void anAbsentFileConfiguresNothing() {
        assertThat(DevicePowerFile.read(reading(dir.resolve("none.txt"))).size()).isZero();
    }

    @Test
    void aMalformedLineStopsStartUpNamingTheKeyTheVariableAndTheLine() throws IOException {
        for (String bad : new String[] {"switch.kettle two-thousand", "switch.kettle", "kettle 2000", "switch.kettle 2000 0.5 1",
                "switch.kettle -5", "switch.kettle 20 30", "switch.kettle 200001"}) {
            Path file = file("# devices\nswitch.lamp 60\n" + bad + "\n");
            assertThatThrownBy(() -> DevicePowerFile.read(reading(file)))
                    .isInstanceOf(InvalidSettingException.class)
                    .hasMessageStartingWith("Invalid configuration: correlator.energy.device-power-file (environment DEVICE_POWER_FILE) = '"
                            + file + "' line 3 '" + bad + "' is not allowed: expected lines");
        }
    }

    @Test
    void anEntityConfiguredTwiceStopsStartUp() throws IOException {
        Path file = file("switch.lamp 60\nswitch.lamp 40\n");
        assertThatThrownBy(() -> DevicePowerFile.read(reading(file))).hasMessageContaining("line 2 'switch.lamp 40'");
    }
}
