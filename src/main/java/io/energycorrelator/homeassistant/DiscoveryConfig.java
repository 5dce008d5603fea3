package io.energycorrelator.homeassistant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The discovery config of a sensor, the JSON Home Assistant's MQTT discovery reads from its config topic: a sensor
 * of the MQTT device {@value SensorTopics#NODE_ID}, named after the entity it measures ({@code switch.kettle power}),
 * with its device class, state class and unit, its state topic, the topic of its attributes (JSON: how far its
 * figures can be trusted, {@link SensorAttributes}), and the service's availability topic
 * ({@value #ONLINE} / {@value #OFFLINE}): while the service is stopped, Home Assistant shows the sensors as
 * unavailable rather than their last values.
 */
public final class DiscoveryConfig {

    public static final String ONLINE = "online";
    public static final String OFFLINE = "offline";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Object> DEVICE = device();

    private final SensorTopics topics;

    public DiscoveryConfig(SensorTopics topics) {
        this.topics = topics;
    }

    public String of(String entityId, Sensor sensor) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", entityId + " " + sensor.nameSuffix());
        config.put("unique_id", SensorTopics.NODE_ID + "_" + SensorTopics.objectId(entityId, sensor));
        config.put("state_topic", topics.state(entityId, sensor));
        config.put("json_attributes_topic", topics.attributes(entityId));
        config.put("device_class", sensor.deviceClass());
        config.put("state_class", sensor.stateClass());
        config.put("unit_of_measurement", sensor.unit());
        config.put("availability_topic", topics.availability());
        config.put("payload_available", ONLINE);
        config.put("payload_not_available", OFFLINE);
        config.put("device", DEVICE);
        try {
            return JSON.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a discovery config for " + entityId, e);
        }
    }

    private static Map<String, Object> device() {
        Map<String, Object> device = new LinkedHashMap<>();
        device.put("identifiers", List.of(SensorTopics.NODE_ID));
        device.put("name", SensorTopics.NODE_ID);
        device.put("manufacturer", SensorTopics.NODE_ID);
        device.put("model", "device power profiles");
        return device;
    }
}
