package io.energycorrelator.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
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

    private static final Set<String> SCHEMES = Set.of("tcp", "ssl", "ws", "wss");
    /** Topic levels of letters, digits, '_' and '-', separated by single '/': no wildcard, no empty level. */
    private static final Pattern TOPIC_PREFIX = Pattern.compile("[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*");

    public static MqttSettings read(SettingsReader r) {
        Optional<URI> url = r.isSet("correlator.mqtt.url") ? Optional.of(brokerUrl(r, "correlator.mqtt.url")) : Optional.empty();
        Optional<String> username = r.isSet("correlator.mqtt.username")
                ? Optional.of(r.required("correlator.mqtt.username", "a user name")) : Optional.empty();
        Optional<String> password = r.secretOrEmptyFile("correlator.mqtt.password", "correlator.mqtt.password-file", "MQTT password");
        if (password.isPresent() && username.isEmpty()) {
            throw r.invalid("correlator.mqtt.username", null, "a user name to go with the MQTT password");
        }
        return new MqttSettings(url, username, password,
                topicPrefix(r, "correlator.mqtt.discovery-prefix"),
                topicPrefix(r, "correlator.mqtt.topic-prefix"),
                r.seconds("correlator.mqtt.publish-interval-seconds", 1, 3_600),
                r.decimal("correlator.estimator.profile.min-confidence", 0, 1));
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

    /** tcp://, ssl://, ws:// or wss:// with a host and no user info (it would be echoed in the logs). */
    private static URI brokerUrl(SettingsReader r, String key) {
        String allowed = "a tcp://, ssl://, ws:// or wss:// URL with a host and no user info, e.g. tcp://homeassistant.local:1883";
        String value = r.required(key, allowed);
        try {
            URI uri = new URI(value);
            if (uri.getUserInfo() != null) {
                throw r.invalid(key, value.replace(uri.getRawUserInfo(), "***"), allowed);
            }
            if (!SCHEMES.contains(uri.getScheme()) || uri.getHost() == null) {
                throw r.invalid(key, value, allowed);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw r.invalid(key, value, allowed);
        }
    }

    private static String topicPrefix(SettingsReader r, String key) {
        String allowed = "MQTT topic levels of letters, digits, '_' or '-' separated by '/', e.g. homeassistant";
        String value = r.required(key, allowed);
        if (!TOPIC_PREFIX.matcher(value).matches()) {
            throw r.invalid(key, value, allowed);
        }
        return value;
    }
}
