package io.energycorrelator.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The Home Assistant sensors over MQTT: off unless a broker URL is set. The password (given directly or as a
 * file) is never printed.
 *
 * @param url             the broker, or empty when the sensors are off
 * @param username        empty for a broker that takes anonymous clients
 * @param password        empty when not given
 * @param discoveryPrefix Home Assistant's discovery prefix (its MQTT integration's setting)
 * @param topicPrefix     where the sensors' states and the service's availability are published
 * @param publishInterval time between two publishes
 * @param minConfidence   how confident a device's profile must be for the device to get sensors (the profile
 *                        estimator's threshold: a confident profile means the same everywhere)
 */
public record MqttSettings(Optional<URI> url, Optional<String> username, Optional<String> password, String discoveryPrefix,
        String topicPrefix, Duration publishInterval, double minConfidence) {

    private static final List<String> SCHEMES = List.of("tcp", "ssl", "ws", "wss");
    /** Topic levels of letters, digits, '_' and '-', separated by single '/': no wildcard, no empty level. */
    private static final Pattern TOPIC_PREFIX = Pattern.compile("[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*");

    public static MqttSettings read(Settings r) {
        Setting broker = r.get("correlator.mqtt.url");
        // tcp://, ssl://, ws:// or wss://, without user info (it would be echoed in the logs)
        Optional<URI> url = broker.isSet() ? Optional.of(broker.url(SCHEMES, "a tcp://, ssl://, ws:// or wss:// URL with a host "
                + "and no user info, e.g. tcp://homeassistant.local:1883")) : Optional.empty();
        Optional<String> username = r.get("correlator.mqtt.username").value();
        Optional<String> password = r.secret("correlator.mqtt.password", "correlator.mqtt.password-file", "MQTT password", false, true);
        if (password.isPresent() && username.isEmpty()) {
            throw r.get("correlator.mqtt.username").invalid(null, "a user name to go with the MQTT password");
        }
        return new MqttSettings(url, username, password,
                topicPrefix(r.get("correlator.mqtt.discovery-prefix")),
                topicPrefix(r.get("correlator.mqtt.topic-prefix")),
                r.get("correlator.mqtt.publish-interval-seconds").seconds(1, 3_600),
                r.get("correlator.estimator.profile.min-confidence").number(0, 1));
    }

    public boolean enabled() {
        return url.isPresent();
    }

    /** Never print the password. */
    @Override
    public String toString() {
        return "MqttSettings[url=" + url.map(URI::toString).orElse("(off)") + ", username=" + username.orElse("(none)")
                + ", password=" + (password.isPresent() ? "(set)" : "(none)") + ", discoveryPrefix=" + discoveryPrefix
                + ", topicPrefix=" + topicPrefix + ", publishInterval=" + publishInterval.toSeconds() + "s, minConfidence="
                + minConfidence + "]";
    }

    private static String topicPrefix(Setting setting) {
        return setting.matching(TOPIC_PREFIX, "MQTT topic levels of letters, digits, '_' or '-' separated by '/', e.g. homeassistant");
    }
}
