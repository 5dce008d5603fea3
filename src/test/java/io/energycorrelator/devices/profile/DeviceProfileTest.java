package io.energycorrelator.devices.profile;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DeviceProfileTest {

    private static final Instant T = Instant.parse("2024-03-04T07:00:00Z");

    private static List<ObservedStep> steps(double... watts) {
        List<ObservedStep> steps = new ArrayList<>();
        for (int i = 0; i < watts.length; i++) {
            steps.add(new ObservedStep(T.plusSeconds(60L * i), watts[i]));
        }
        return steps;
    }

    @Test
    void theTypicalStepIsTheMedianAndTheSpreadTheMedianAbsoluteDeviation() {
        // one misread step (2500 W) moves neither
        DeviceProfile p = DeviceProfile.of("switch.kettle", "off->on", steps(2000, 2010, 1990, 2500, 2005));

        assertThat(p.entityId()).isEqualTo("switch.kettle");
        assertThat(p.transition()).isEqualTo("off->on");
        assertThat(p.typicalStepW()).isEqualTo(2005.0);
        assertThat(p.spreadW()).isEqualTo(5.0);           // deviations 5, 5, 15, 495, 0
        assertThat(p.count()).isEqualTo(5);
        assertThat(p.lastSeen()).isEqualTo(T.plusSeconds(240));
        assertThat(p.confidence()).isCloseTo(5.0 / 8 * 2005 / (2005 + 2 * 1.4826 * 5), within(1e-12));
    }

    @Test
    void anEvenCountTakesTheMeanOfTheMiddleTwoAndAnOffStepIsNegative() {
        DeviceProfile p = DeviceProfile.of("light.lamp", "on->off", steps(-62, -58, -60, -70));

        assertThat(p.typicalStepW()).isEqualTo(-61.0);    // (-62 + -60) / 2
        assertThat(p.spreadW()).isEqualTo(2.0);           // deviations 1, 3, 1, 9
        assertThat(p.confidence()).isCloseTo(4.0 / 7 * 61 / (61 + 2 * 1.4826 * 2), within(1e-12));
    }

    @Test
    void confidenceGrowsWithTheCountAndFallsWithTheSpread() {
        assertThat(DeviceProfile.of("s.a", "off->on", steps(100)).confidence()).isEqualTo(0.25);
        assertThat(DeviceProfile.of("s.a", "off->on", steps(100, 100, 100)).confidence()).isEqualTo(0.5);
        assertThat(DeviceProfile.of("s.a", "off->on", steps(100, 100, 100, 100, 100, 100, 100, 100, 100)).confidence())
                .isEqualTo(0.75);
        // the same count, a spread of 10 W: 3/6 × 100 / (100 + 29.652)
        assertThat(DeviceProfile.of("s.a", "off->on", steps(90, 100, 110)).confidence())
                .isCloseTo(0.5 * 100 / (100 + 2 * 1.4826 * 10), within(1e-12));
    }

    @Test
    void aTypicalStepOfZeroHasNoConfidence() {
        assertThat(DeviceProfile.of("s.a", "off->on", steps(0, 0, 0, 0)).confidence()).isZero();
        assertThat(DeviceProfile.of("s.a", "off->on", steps(-5, 0, 5)).confidence()).isZero();
    }

    @Test
    void theNewestStepIsTheLastSeenWhateverTheOrder() {
        List<ObservedStep> steps = List.of(new ObservedStep(T.plusSeconds(120), 10), new ObservedStep(T, 12),
                new ObservedStep(T.plusSeconds(60), 11));

        assertThat(DeviceProfile.of("s.a", "off->on", steps).lastSeen()).isEqualTo(T.plusSeconds(120));
    }

    @Test
    void aProfileNeedsAStep() {
        assertThatThrownBy(() -> DeviceProfile.of("s.a", "off->on", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("s.a off->on");
    }
}
