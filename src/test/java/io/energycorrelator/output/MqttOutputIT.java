package io.energycorrelator.output;

import com.fasterxml.jackson.databind.JsonNode;
import io.energycorrelator.support.InfluxDbExtension;
import io.energycorrelator.support.InstallDirectory;
import io.energycorrelator.support.MosquittoBroker;
import io.energycorrelator.support.MqttSubscriber;
import io.energycorrelator.support.MqttSubscriber.Message;
import io.energycorrelator.support.ServiceProcess;
import io.energycorrelator.support.TestBucket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.energycorrelator.output.CorrelationJson.assertCorrelation;
import static io.energycorrelator.support.LineProtocol.event;
import static io.energycorrelator.support.LineProtocol.meter;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/outputs.md, done by a test as an integration engineer would do it: the packaged service, run as a
 * process, with routes/examples/mqtt-publish.camel.yaml copied into routes/, publishes each correlation it writes to
 * a real Mosquitto broker. The MQTT component ships with the service (the Home Assistant sensors use it), so no jar
 * is dropped in; FileOutputIT does that with a component the service does not ship.
 */
@ExtendWith(InfluxDbExtension.class)
class MqttOutputIT {

    private static final Path EXAMPLE = Path.of(System.getProperty("project.basedir", "."), "routes/examples/mqtt-publish.camel.yaml");
    private static final String TOPICS = "energy-correlator/correlations/#";
    private static final String USER = "energy-correlator";
    private static final String PASSWORD = "it-" + UUID.randomUUID();
    private static final Duration START_UP = Duration.ofSeconds(90);

    @Test
    void theExampleOutputPublishesEachWrittenCorrelationOnceAsJson(TestBucket bucket) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // The lamp example: +60 W, -120 W, and a -5 W step below the threshold.
        Instant lampOn = now.minusSeconds(150);
        Instant heaterOff = now.minusSeconds(100);
        Instant hallOff = now.minusSeconds(50);
        bucket.write(
                meter(lampOn.minusSeconds(5), 2450), meter(lampOn.plusSeconds(5), 2510),
                meter(heaterOff.minusSeconds(5), 2505), meter(heaterOff.plusSeconds(5), 2385),
                meter(hallOff.minusSeconds(5), 2385), meter(hallOff.plusSeconds(5), 2380),
                event(lampOn, "switch.lamp", "switch", "on", "off"),
                event(heaterOff, "climate.heater", "climate", "off", "heat"),
                event(hallOff, "light.hall", "light", "off", "on"));

        try (MosquittoBroker broker = MosquittoBroker.start(freePort(), USER, PASSWORD);
             MqttSubscriber subscriber = MqttSubscriber.subscribe(broker, TOPICS);
             InstallDirectory install = InstallDirectory.create().addRoute(EXAMPLE);
             ServiceProcess service = ServiceProcess.start(install.path(), passwordInAFile(environment(bucket, broker.url()), install))) {
            service.awaitStarted(START_UP);
            List<Message> messages = subscriber.awaitMessages(2, Duration.ofSeconds(60));
            // Later cycles have nothing new: each correlation is published once.
            service.awaitMoreCycles(3, Duration.ofSeconds(30));

            assertThat(subscriber.messages()).isEqualTo(messages);
            assertThat(messages).extracting(Message::topic).containsExactly(
                    "energy-correlator/correlations/switch.lamp", "energy-correlator/correlations/climate.heater");
            assertMessage(messages.get(0), "switch.lamp", "switch", "on", "off", lampOn, 2450.0, 2510.0, "live");
            assertMessage(messages.get(1), "climate.heater", "climate", "off", "heat", heaterOff, 2505.0, 2385.0, "live");
        }
    }

    /**
     * The output runs beside the cycle, never in it: with the broker down the correlation is written and every cycle
     * succeeds (the publish is logged and dropped); once the broker is up, the next correlation reaches it. The same
     * MQTT_URL turns the Home Assistant sensors on, and they say the broker is down: /health is degraded, not failed.
     */
    @Test
    void aDownBrokerHoldsUpNothingAndLaterCorrelationsReachItOnceItIsUp(TestBucket bucket) throws Exception {
        Instant lampOn = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        bucket.write(meter(lampOn.minusSeconds(5), 2450), meter(lampOn.plusSeconds(5), 2510),
                event(lampOn, "switch.lamp", "switch", "on", "off"));
        int port = freePort();

        try (InstallDirectory install = InstallDirectory.create().addRoute(EXAMPLE);
             ServiceProcess service = ServiceProcess.start(install.path(), environment(bucket, "tcp://127.0.0.1:" + port))) {
            service.awaitStarted(START_UP);
            service.awaitOutput("MQTT publish of energy-correlator/correlations/switch.lamp failed: Unable to connect to "
                    + "server (32103) - java.net.ConnectException: Connection refused", Duration.ofSeconds(60));

            JsonNode health = service.awaitMoreCycles(2, Duration.ofSeconds(30));
            assertThat(health.get("failed_fetches").asLong()).isZero();
            assertThat(health.get("consecutive_failed_cycles").asLong()).isZero();
            assertThat(health.get("status").asText()).isEqualTo("degraded");
            assertThat(health.get("mqtt").asText()).isEqualTo("Unable to connect to server (32103): Connection refused");
            assertThat(bucket.correlationPoints()).extracting(p -> p.getValueByKey("entity_id") + " " + p.getValueByKey("power_delta_w"))
                    .containsExactly("switch.lamp 60.0");

            try (MosquittoBroker broker = MosquittoBroker.start(port, USER, PASSWORD);
                 MqttSubscriber subscriber = MqttSubscriber.subscribe(broker, TOPICS)) {
                // A state change that settles from now on: its correlation is written after the broker came up.
                Instant heaterOff = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(2);
                bucket.write(meter(heaterOff.minusSeconds(5), 2505), meter(heaterOff.plusSeconds(5), 2385),
                        event(heaterOff, "climate.heater", "climate", "off", "heat"));

                List<Message> messages = subscriber.awaitMessages(1, Duration.ofSeconds(60));
                service.awaitMoreCycles(2, Duration.ofSeconds(30));

                assertThat(subscriber.messages()).isEqualTo(messages);
                assertThat(messages).extracting(Message::topic).containsExactly("energy-correlator/correlations/climate.heater");
                assertMessage(messages.get(0), "climate.heater", "climate", "off", "heat", heaterOff, 2505.0, 2385.0, "live");
            }
        }
    }

    private static Map<String, String> environment(TestBucket bucket, String mqttUrl) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("INFLUXDB_URL", bucket.url());
        env.put("INFLUXDB_TOKEN", bucket.token());
        env.put("INFLUXDB_ORG", bucket.org());
        env.put("INFLUXDB_BUCKET", bucket.name());
        env.put("PROCESSING_INTERVAL", "1");
        env.put("FIRST_CYCLE_DELAY", "1");
        env.put("LATE_DATA_GRACE_SECONDS", "0");
        env.put("CORRELATOR_ESTIMATOR", "nearest");
        env.put("MQTT_URL", mqttUrl);
        env.put("MQTT_USERNAME", USER);
        env.put("MQTT_PASSWORD", PASSWORD);
        // The Home Assistant sensors, on by the same MQTT_URL, try the broker every second.
        env.put("MQTT_PUBLISH_INTERVAL", "1");
        return env;
    }

    /** The password as docker-compose.yml passes it: MQTT_PASSWORD_FILE naming a file (a Docker secret). */
    private static Map<String, String> passwordInAFile(Map<String, String> env, InstallDirectory install) throws IOException {
        Path file = Files.writeString(install.path().resolve("mqtt-password"), env.remove("MQTT_PASSWORD") + "\n");
        env.put("MQTT_PASSWORD_FILE", file.toString());
        return env;
    }

    private static void assertMessage(Message message, String entityId, String domain, String state, String previousState,
            Instant time, double before, double after, String run) throws IOException {
        assertCorrelation(message.payload(), entityId, domain, state, previousState, time, before, after, run);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
