package io.energycorrelator.homeassistant;

import org.apache.camel.RuntimeCamelException;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;

import static org.assertj.core.api.Assertions.assertThat;

class MqttFailureTest {

    @Test
    void theClientsOwnWordsWithTheReasonCodeAndWhatLiesUnder() {
        assertThat(MqttFailure.describe(new RuntimeCamelException(
                new MqttException(MqttClientException.REASON_CODE_SERVER_CONNECT_ERROR, new ConnectException("Connection refused")))))
                .isEqualTo("Unable to connect to server (32103): Connection refused");
        assertThat(MqttFailure.describe(new MqttException(MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED)))
                .isEqualTo("Client is not connected (32104)");
        assertThat(MqttFailure.describe(new IllegalStateException("something else"))).isEqualTo("something else");
    }
}
