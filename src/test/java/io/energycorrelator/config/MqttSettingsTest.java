package io.energycorrelator.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static io.energycorrelator.config.SettingsTest.defaults;
import static io.energycorrelator.config.SettingsTest.reader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MqttSettingsTest {

    @Test
    void offByDefault() throws IOException {
        MqttSettings s = MqttSettings.read(reader(defaults()));

        assertThat(s).isEqualTo(new MqttSettings(Optional.empty(), Optional.empty(), Optional.empty(), "homeassistant",
                "energy-correlator", Duration.ofSeconds(30), 0.3));
        assertThat(s.enabled()).isFalse();
    }

    @Test
    void onWithABrokerAndThePasswordNeverPrinted() throws IOException {
        Map<String, String> values = defaults();
        values.put("correlator.mqtt.url", "ssl://homeassistant.local:8883");
        values.put("correlator.mqtt.username", "correlator");
        values.put("correlator.mqtt.password", "pa55word");
        values.put("correlator.mqtt.discovery-prefix", "ha/discovery");
        values.put("correlator.mqtt.topic-prefix", "house_1/energy-correlator");
        values.put("correlator.mqtt.publish-interval-seconds", "10");
        values.put("correlator.estimator.profile.min-confidence", "0.5");

        MqttSettings s = MqttSettings.read(reader(values));

        assertThat(s).isEqualTo(new MqttSettings(Optional.of(URI.create("ssl://homeassistant.local:8883")), Optional.of("correlator"),
                Optional.of("pa55word"), "ha/discovery", "house_1/energy-correlator", Duration.ofSeconds(10), 0.5));
        assertThat(s.enabled()).isTrue();
        assertThat(s.toString()).isEqualTo("MqttSettings[url=ssl://homeassistant.local:8883, username=correlator, password=(set), "
                + "discoveryPrefix=ha/discovery, topicPrefix=house_1/energy-correlator, publishInterval=10s, minConfidence=0.5]");
    }

    @Test
    void thePasswordCanComeFromAFile(@TempDir Path dir) throws IOException {
        Map<String, String> values = defaults();
        values.put("correlator.mqtt.url", "tcp://127.0.0.1:1883");
        values.put("correlator.mqtt.username", "correlator");
        values.put("correlator.mqtt.password-file", Files.writeString(dir.resolve("password"), "from-a-file\n").toString());

        assertThat(MqttSettings.read(reader(values)).password()).contains("from-a-file");
    }

    /** docker-compose.yml always names the secret file; left empty (no broker, or one without users) it means none. */
    @Test
    void anEmptyPasswordFileMeansNoPassword(@TempDir Path dir) throws IOException {
        Map<String, String> values = defaults();
        values.put("correlator.mqtt.password-file", Files.writeString(dir.resolve("password"), "\n").toString());

        MqttSettings s = MqttSettings.read(reader(values));

        assertThat(s.password()).isEmpty();
        assertThat(s.enabled()).isFalse();
    }

    @Test
    void aMissingPasswordFileIsRejectedNamingIt(@TempDir Path dir) throws IOException {
        Map<String, String> values = defaults();
        values.put("correlator.mqtt.url", "tcp://127.0.0.1:1883");
        values.put("correlator.mqtt.username", "correlator");
        values.put("correlator.mqtt.password-file", dir.resolve("missing").toString());

        assertThatThrownBy(() -> MqttSettings.read(reader(values))).isInstanceOf(InvalidSettingException.class)
                .hasMessage("Invalid configuration: correlator.mqtt.password-file (environment MQTT_PASSWORD_FILE) = '"
                        + dir.resolve("missing") + "' is not allowed: expected a readable file holding a non-empty MQTT password");
    }

    @Test
    void aPasswordWithoutAUserIsRejected() throws IOException {
        Map<String, String> values = defaults();
        values.put("correlator.mqtt.url", "tcp://127.0.0.1:1883");
        values.put("correlator.mqtt.password", "pa55word");

        assertThatThrownBy(() -> MqttSettings.read(reader(values))).isInstanceOf(InvalidSettingException.class)
                .hasMessage("Invalid configuration: correlator.mqtt.username (environment MQTT_USERNAME) is not set: "
                        + "expected a user name to go with the MQTT password");
    }

    @Test
    void aUrlWithCredentialsIsRejectedWithoutEchoingThem() throws IOException {
        Map<String, String> values = defaults();
        values.put("correlator.mqtt.url", "tcp://admin:s3cret@broker:1883");

        assertThatThrownBy(() -> MqttSettings.read(reader(values))).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("'tcp://***@broker:1883'")
                .hasMessageNotContaining("s3cret");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "correlator.mqtt.url                      | http://broker:1883  | MQTT_URL              | a tcp://, ssl://, ws:// or wss:// URL",
        "correlator.mqtt.url                      | broker:1883         | MQTT_URL              | a tcp://, ssl://, ws:// or wss:// URL",
        "correlator.mqtt.discovery-prefix         | homeassistant/#     | MQTT_DISCOVERY_PREFIX | MQTT topic levels",
        "correlator.mqtt.topic-prefix             | energy-correlator/  | MQTT_SENSOR_TOPIC_PREFIX | MQTT topic levels",
        "correlator.mqtt.topic-prefix             | a//b                | MQTT_SENSOR_TOPIC_PREFIX | MQTT topic levels",
        "correlator.mqtt.publish-interval-seconds | 0                   | MQTT_PUBLISH_INTERVAL | a whole number from 1 to 3600",
    })
    void anInvalidValueIsRejectedWithTheKeyItsVariableAndWhatIsAllowed(String key, String value, String variable, String allowed)
            throws IOException {
        Map<String, String> values = defaults();
        values.put(key, value);

        assertThatThrownBy(() -> MqttSettings.read(reader(values)))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining(key)
                .hasMessageContaining("environment " + variable)
                .hasMessageContaining("'" + value + "'")
                .hasMessageContaining(allowed);
    }
}
