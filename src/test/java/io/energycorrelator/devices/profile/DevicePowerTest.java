package io.energycorrelator.devices.profile;

import io.energycorrelator.model.Correlation;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.energycorrelator.devices.profile.ProfileTestData.off;
import static io.energycorrelator.devices.profile.ProfileTestData.on;
import static io.energycorrelator.devices.profile.ProfileTestData.step;
import static org.assertj.core.api.Assertions.assertThat;

class DevicePowerTest {

    private static ProfileBook book(Correlation... learned) {
        ProfileBook book = new ProfileBook();
        book.learnAll(List.of(learned));
        return book;
    }

    @Test
    void aDeviceIsConfidentWhenAStepIntoOrOutOfAnOnStateIsConfidentEnough() {
        ProfileBook book = book(
                // 3 steps on: 0.5; 1 step off: 0.25
                on("switch.kettle", 0, 2000), on("switch.kettle", 1, 2000), on("switch.kettle", 2, 2000), off("switch.kettle", 3, -2000),
                // 2 steps off only: 0.4
                off("light.hall", 0, -60), off("light.hall", 1, -60),
                // 1 step each way: 0.25
                on("fan.attic", 0, 40), off("fan.attic", 1, -40),
                // from a mode into off: 0.4
                step("climate.heat_pump", "heat", "off", 0, -900), step("climate.heat_pump", "heat", "off", 1, -900),
                // confident, but neither in nor out of an on-state
                step("switch.odd", "unavailable", "on", 0, 50), step("switch.odd", "unavailable", "on", 1, 50),
                step("switch.odd", "unavailable", "on", 2, 50),
                // confident, but neither in nor out of a cover's on-states (opening, closing)
                step("cover.blind", "closed", "open", 0, 30), step("cover.blind", "closed", "open", 1, 30),
                step("cover.blind", "closed", "open", 2, 30));

        assertThat(DevicePower.confident(book.profiles(), 0.3, OnStates.DEFAULTS)).containsExactly("climate.heat_pump", "light.hall", "switch.kettle");
        assertThat(DevicePower.confident(book.profiles(), 0.45, OnStates.DEFAULTS)).containsExactly("switch.kettle");
        assertThat(DevicePower.confident(book.profiles(), 0, OnStates.DEFAULTS)).containsExactly("climate.heat_pump", "fan.attic", "light.hall", "switch.kettle");
    }

    @Test
    void offADeviceDrawsNothingOnWhatItsStepsSay() {
        ProfileBook book = book(on("switch.kettle", 0, 2000), on("switch.kettle", 1, 2000), on("switch.kettle", 2, 2000),
                off("switch.kettle", 3, -1900));

        // Both directions, weighted by count: (3 × 2000 + 1 × 1900) / 4.
        assertThat(DevicePower.watts("switch.kettle", "on", book, OnStates.DEFAULTS)).hasValue(1975.0);
        assertThat(DevicePower.watts("switch.kettle", "ON ", book, OnStates.DEFAULTS)).hasValue(1975.0);
        assertThat(DevicePower.watts("switch.kettle", "off", book, OnStates.DEFAULTS)).hasValue(0.0);
        // Unknown is neither on nor off: no figure at all.
        assertThat(DevicePower.watts("switch.kettle", "unavailable", book, OnStates.DEFAULTS)).isEmpty();
        assertThat(DevicePower.watts("switch.kettle", "unknown", book, OnStates.DEFAULTS)).isEmpty();
        assertThat(DevicePower.watts("switch.kettle", null, book, OnStates.DEFAULTS)).isEmpty();
        assertThat(DevicePower.watts("cover.blind", "open", book, OnStates.DEFAULTS)).hasValue(0.0);
        assertThat(DevicePower.watts("vacuum.robot", "cleaning", book, OnStates.DEFAULTS)).isEmpty();
        assertThat(DevicePower.watts("switch.unknown", "on", book, OnStates.DEFAULTS)).isEmpty();
    }

    @Test
    void aClimateModeWithoutStepsOfItsOwnDrawsWhatTheMostConfidentModeDraws() {
        ProfileBook book = book(
                step("climate.heat_pump", "off", "heat", 0, 900), step("climate.heat_pump", "off", "heat", 1, 900),
                step("climate.heat_pump", "off", "heat", 2, 900),
                step("climate.heat_pump", "off", "cool", 3, 700));

        assertThat(DevicePower.watts("climate.heat_pump", "heat", book, OnStates.DEFAULTS)).hasValue(900.0);
        assertThat(DevicePower.watts("climate.heat_pump", "cool", book, OnStates.DEFAULTS)).hasValue(700.0);
        assertThat(DevicePower.watts("climate.heat_pump", "dry", book, OnStates.DEFAULTS)).hasValue(900.0);
        assertThat(DevicePower.watts("climate.heat_pump", "off", book, OnStates.DEFAULTS)).hasValue(0.0);
        // Where its action is stored, a thermostat in heat draws only while heating.
        assertThat(DevicePower.watts("climate.heat_pump", "heat", "heating", book, OnStates.DEFAULTS)).hasValue(900.0);
        assertThat(DevicePower.watts("climate.heat_pump", "heat", "idle", book, OnStates.DEFAULTS)).hasValue(0.0);
        assertThat(DevicePower.watts("climate.heat_pump", "unavailable", "heating", book, OnStates.DEFAULTS)).isEmpty();
    }

    @Test
    void theDomainIsWhatComesBeforeTheDot() {
        assertThat(DevicePower.domainOf("switch.kettle")).isEqualTo("switch");
        assertThat(DevicePower.domainOf("kettle")).isEmpty();
    }
}
