package io.energycorrelator.homeassistant;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class IncreasingEnergyTest {

    private static final LocalDate MONDAY = LocalDate.parse("2024-03-04");
    private static final LocalDate TUESDAY = MONDAY.plusDays(1);

    @Test
    void withinADayTheFigureNeverGoesDownAndANewDayStartsFromItsOwn() {
        IncreasingEnergy energy = new IncreasingEnergy();

        assertThat(energy.of("switch.kettle", MONDAY, 500)).isEqualTo(500);
        // The profile learned a smaller step: the day's figure stays where it was until on-time makes up for it.
        assertThat(energy.of("switch.kettle", MONDAY, 490)).isEqualTo(500);
        assertThat(energy.of("switch.kettle", MONDAY, 510)).isEqualTo(510);
        assertThat(energy.of("light.hall", MONDAY, 3)).isEqualTo(3);
        assertThat(energy.of("switch.kettle", TUESDAY, 0)).isEqualTo(0);
    }

    @Test
    void aDeviceThatLostItsSensorsStartsAfresh() {
        IncreasingEnergy energy = new IncreasingEnergy();
        energy.of("switch.kettle", MONDAY, 500);
        energy.of("light.hall", MONDAY, 30);

        energy.keepOnly(Set.of("light.hall"));

        assertThat(energy.of("switch.kettle", MONDAY, 200)).isEqualTo(200);
        assertThat(energy.of("light.hall", MONDAY, 20)).isEqualTo(30);
    }
}
