package io.energycorrelator.homeassistant;

import java.util.regex.Pattern;

/**
 * The MQTT topics of the sensors. Discovery: {@code <discovery prefix>/sensor/energy-correlator/<object id>/config},
 * the form Home Assistant listens to (the object id is the device's entity id with anything but letters, digits,
 * '_' and '-' made '_', then the sensor: {@code switch_kettle_power}). States:
 * {@code <topic prefix>/<device>/power} and {@code .../energy}; the device's attributes, which both its sensors
 * show: {@code <topic prefix>/<device>/attributes}; the service's availability: {@code <topic prefix>/status}.
 */
public final class SensorTopics {

    /** The node id of the discovery topics, and the MQTT device's identifier and name in Home Assistant. */
    public static final String NODE_ID = "energy-correlator";
    private static final Pattern NOT_IN_AN_ID = Pattern.compile("[^A-Za-z0-9_-]");

    private final String discoveryPrefix;
    private final String topicPrefix;

    public SensorTopics(String discoveryPrefix, String topicPrefix) {
        this.discoveryPrefix = discoveryPrefix;
        this.topicPrefix = topicPrefix;
    }

    public String availability() {
        return topicPrefix + "/status";
    }

    public String config(String entityId, Sensor sensor) {
        return discoveryPrefix + "/sensor/" + NODE_ID + "/" + objectId(entityId, sensor) + "/config";
    }

    public String state(String entityId, Sensor sensor) {
        return topicPrefix + "/" + device(entityId) + "/" + sensor.key();
    }

    /** The JSON attributes of both sensors of a device ({@link SensorAttributes}). */
    public String attributes(String entityId) {
        return topicPrefix + "/" + device(entityId) + "/attributes";
    }

    /** The sensor's id among the service's: {@code switch_kettle_power}. */
    public static String objectId(String entityId, Sensor sensor) {
        return device(entityId) + "_" + sensor.key();
    }

    private static String device(String entityId) {
        return NOT_IN_AN_ID.matcher(entityId).replaceAll("_");
    }
}
