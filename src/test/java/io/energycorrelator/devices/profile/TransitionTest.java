package io.energycorrelator.devices.profile;

import io.energycorrelator.model.StateChange;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class TransitionTest {

    @Test
    void aTransitionIsTheTwoStatesJoinedByAnArrow() {
        assertThat(Transition.of("off", "on")).isEqualTo("off->on");
        assertThat(Transition.of("heat", "off")).isEqualTo("heat->off");
        assertThat(Transition.of(new StateChange(Instant.EPOCH, "switch.kettle", "switch", "on", "off"))).isEqualTo("off->on");
    }

    @Test
    void statesAreTrimmedAndLowerCasedAndAMissingOneIsUnknown() {
        assertThat(Transition.of(" Off", "ON ")).isEqualTo("off->on");
        assertThat(Transition.of(null, "on")).isEqualTo("unknown->on");
        assertThat(Transition.of("", "off")).isEqualTo("unknown->off");
        assertThat(Transition.of(new StateChange(Instant.EPOCH, "light.hall", "light", "off", null))).isEqualTo("unknown->off");
    }
}
