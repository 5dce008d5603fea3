package io.energycorrelator.homeassistant;

/**
 * One MQTT message of the Home Assistant sensors, published retained (so that Home Assistant finds it when it
 * starts after it): a discovery config, a state, or the service's availability. An empty payload removes what the
 * topic held.
 */
public record SensorMessage(String topic, String payload) {

    public boolean removes() {
        return payload.isEmpty();
    }
}
