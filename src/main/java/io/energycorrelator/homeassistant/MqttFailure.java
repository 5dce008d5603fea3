package io.energycorrelator.homeassistant;

import org.eclipse.paho.mqttv5.common.MqttException;

/** Why a publish failed, in one line for /health and the log: the MQTT client's own words. */
final class MqttFailure {

    private MqttFailure() {
    }

    /**
     * The MQTT client's message and reason code, and what lies under it ({@code Unable to connect to server (32103):
     * Connection refused}); any other exception's message.
     */
    static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof MqttException mqtt) {
                String text = mqtt.getMessage() + " (" + mqtt.getReasonCode() + ")";
                return mqtt.getCause() == null ? text : text + ": " + mqtt.getCause().getMessage();
            }
        }
        return String.valueOf(failure.getMessage());
    }
}
