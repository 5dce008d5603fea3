package io.energycorrelator.homeassistant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MqttStatusTest {

    @Test
    void enabledItIsConnectingThenOkOrWhyNot() {
        MqttStatus status = MqttStatus.enabled();
        assertThat(status.field()).isEqualTo("connecting");
        assertThat(status.problem()).isEmpty();

        status.failed("Not authorized. (135)");
        assertThat(status.field()).isEqualTo("Not authorized. (135)");
        assertThat(status.problem()).contains("Not authorized. (135)");

        status.published();
        assertThat(status.field()).isEqualTo("ok");
        assertThat(status.problem()).isEmpty();
    }

    @Test
    void disabledItStaysDisabled() {
        MqttStatus status = MqttStatus.disabled();
        status.failed("anything");
        status.published();

        assertThat(status.field()).isEqualTo("disabled");
        assertThat(status.problem()).isEmpty();
    }
}
