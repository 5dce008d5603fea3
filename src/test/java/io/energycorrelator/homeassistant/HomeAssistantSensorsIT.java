package io.energycorrelator.homeassistant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.energycorrelator.support.InfluxDbExtension;
import io.energycorrelator.support.MosquittoBroker;
import io.energycorrelator.support.MqttSubscriber;
import io.energycorrelator.support.MqttSubscriber.Message;
import io.energycorrelator.support.ApiClient;
import io.energycorrelator.support.RunningService;
import io.energycorrelator.support.TestBucket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import static io.energycorrelator.support.LineProtocol.event;
import static io.energycorrelator.support.LineProtocol.meter;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Home Assistant sensors on a real Mosquitto (with a password) and the real InfluxDB: a lamp of 100 W whose
 * profile the service learned gets a power and an energy sensor by MQTT discovery, read here as Home Assistant
 * reads them; they follow the lamp, go away when its profile is no longer confident, and a broker that is down or
 * refuses the password costs the correlation cycle nothing and shows in /health.
 */
@ExtendWith(InfluxDbExtension.class)
class HomeAssistantSensorsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER = "energy-correlator";
    private static final String PASSWORD = "it-" + UUID.randomUUID();
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** The topic of a discovery config as Home Assistant's MQTT discovery matches it. */
    private static final Pattern DISCOVERY_TOPIC = Pattern.compile(
            "homeassistant/(?<component>\\w+)/(?:(?<node>[a-zA-Z0-9_-]+)/)?(?<object>[a-zA-Z0-9_-]+)/config");

    private static final String POWER_CONFIG = "homeassistant/sensor/energy-correlator/switch_lamp_power/config";
    private static final String ENERGY_CONFIG = "homeassistant/sensor/energy-correlator/switch_lamp_energy/config";
    private static final String POWER_STATE = "energy-correlator/switch_lamp/power";
    private static final String ENERGY_STATE = "energy-correlator/switch_lamp/energy";
    private static final String AVAILABILITY = "energy-correlator/status";
    private static final String ATTRIBUTES = "energy-correlator/switch_lamp/attributes";
    /**
     * The lamp's attributes after this morning: its steps up and down agree (100 W), three a side: its energy's
     * confidence 0.727 and range 0.75 to 1.59 times 150 Wh; a clean 100 W step's uncertainty, 0.99 of it.
     */
    private static final String ATTRIBUTES_THIS_MORNING = "{\"estimate_source\":\"profile\",\"power_delta_uncertainty_w\":99.0,"
            + "\"energy_today_wh_low\":112.5,\"energy_today_wh_high\":238.5,\"confidence\":0.727}";

    /**
     * A zone whose local time is now between 12:00 and 13:00, whatever the time of day the test runs at: today (the
     * day of the energy sensor) began at least twelve hours ago there.
     */
    private static final ZoneOffset ZONE = ZoneOffset.ofHours(12 - Instant.now().atOffset(ZoneOffset.UTC).getHour());
    private static final Instant TODAY = Instant.now().atOffset(ZONE).truncatedTo(ChronoUnit.DAYS).toInstant();

    private static Instant today(int hour, int minute) {
        return TODAY.plus(Duration.ofHours(hour)).plus(Duration.ofMinutes(minute));
    }

    /** The lamp switched on and off with the house at 300 W: one reading 5 s before each switching, one 5 s after. */
    private static List<String> lamp(Instant on, Instant off, double watts) {
        return List.of(meter(on.minusSeconds(5), 300), meter(on.plusSeconds(5), 300 + watts), event(on, "switch.lamp", "switch", "on", "off"),
                meter(off.minusSeconds(5), 300 + watts), meter(off.plusSeconds(5), 300), event(off, "switch.lamp", "switch", "off", "on"));
    }

    /** This morning: on for 30, 15 and 45 minutes (5,400 s, 150 Wh at 100 W). */
    private static void writeThisMorning(TestBucket bucket) {
        List<String> lines = new ArrayList<>();
        lines.addAll(lamp(today(1, 0), today(1, 30), 100));
        lines.addAll(lamp(today(2, 0), today(2, 15), 100));
        lines.addAll(lamp(today(3, 0), today(3, 45), 100));
        bucket.write(lines.toArray(String[]::new));
    }

    private static Map<String, String> settings(TestBucket bucket, int firstCycleDelay, String mqttUrl) {
        Map<String, String> settings = RunningService.settingsFor(bucket, firstCycleDelay);
        settings.put("correlator.energy.zone", ZONE.getId());
        settings.put("correlator.mqtt.url", mqttUrl);
        settings.put("correlator.mqtt.username", USER);
        settings.put("correlator.mqtt.password", PASSWORD);
        settings.put("correlator.mqtt.publish-interval-seconds", "1");
        return settings;
    }

    @Test
    void aConfidentProfileGetsAPowerAndAnEnergySensorThatFollowTheLamp(TestBucket bucket, @TempDir Path dir) throws Exception {
        writeThisMorning(bucket);
        try (MosquittoBroker broker = MosquittoBroker.start(freePort(), USER, PASSWORD);
             MqttSubscriber subscriber = MqttSubscriber.subscribe(broker, "#")) {
            // The password from a file, as a Docker secret gives it.
            Map<String, String> settings = settings(bucket, 3600, broker.url());
            settings.remove("correlator.mqtt.password");
            settings.put("correlator.mqtt.password-file", Files.writeString(dir.resolve("mqtt-password"), PASSWORD + "\n").toString());
            try (RunningService service = RunningService.start(settings)) {
                // No profile yet: the service says it is there, and nothing else.
                subscriber.awaitUntil(messages -> messages.size() >= 2, WAIT);
                assertThat(subscriber.messages()).allMatch(m -> m.equals(new Message(AVAILABILITY, "online", true)));

                backfill(service, TODAY, today(4, 0));
                List<Message> learned = subscriber.awaitUntil(has(ATTRIBUTES, ATTRIBUTES_THIS_MORNING), WAIT);

                List<Message> lamp = withoutHeartbeats(learned);
                assertThat(lamp).extracting(Message::topic)
                        .containsExactly(POWER_CONFIG, ENERGY_CONFIG, POWER_STATE, ENERGY_STATE, ATTRIBUTES);
                assertThat(lamp).allMatch(Message::retained);
                assertDiscoveryTopicOfASensor(lamp.get(0).topic());
                assertDiscoveryTopicOfASensor(lamp.get(1).topic());
                assertConfig(lamp.get(0), "switch.lamp power", "energy-correlator_switch_lamp_power", POWER_STATE,
                        "power", "measurement", "W");
                assertConfig(lamp.get(1), "switch.lamp energy today", "energy-correlator_switch_lamp_energy", ENERGY_STATE,
                        "energy", "total_increasing", "Wh");
                assertThat(lamp.get(2).payload()).isEqualTo("0");
                assertThat(lamp.get(3).payload()).isEqualTo("150");
                assertThat(lamp.get(4).payload()).isEqualTo(ATTRIBUTES_THIS_MORNING);

                // Home Assistant started later finds all of it on the broker.
                try (MqttSubscriber late = MqttSubscriber.subscribe(broker, "#")) {
                    assertThat(late.messages()).containsExactlyInAnyOrder(new Message(AVAILABILITY, "online", true),
                            lamp.get(0), lamp.get(1), new Message(POWER_STATE, "0", true), new Message(ENERGY_STATE, "150", true),
                            new Message(ATTRIBUTES, ATTRIBUTES_THIS_MORNING, true));
                }

                // On 26 s ago, off in 10 s: 100 W while on, then 0 again, and 1 Wh more today (36 s at 100 W), counted
                // as far as the meter's readings reach (the last one 5 s after the lamp goes off).
                Instant on = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(26);
                bucket.write(meter(on.minusSeconds(5), 300), meter(on.plusSeconds(5), 400), meter(on.plusSeconds(31), 400),
                        meter(on.plusSeconds(41), 300),
                        event(on, "switch.lamp", "switch", "on", "off"), event(on.plusSeconds(36), "switch.lamp", "switch", "off", "on"));
                // 151 Wh: its range 0.75 to 1.59 times that, to a tenth.
                String attributesAfter = "{\"estimate_source\":\"profile\",\"power_delta_uncertainty_w\":99.0,"
                        + "\"energy_today_wh_low\":113.3,\"energy_today_wh_high\":240.1,\"confidence\":0.727}";
                List<Message> followed = withoutHeartbeats(subscriber.awaitUntil(
                        has(ENERGY_STATE, "151").and(m -> payloads(m, POWER_STATE).equals(List.of("0", "100", "0")))
                                .and(has(ATTRIBUTES, attributesAfter)), WAIT));

                assertThat(followed).filteredOn(m -> m.topic().equals(POWER_STATE)).extracting(Message::payload)
                        .containsExactly("0", "100", "0");
                List<Double> energy = followed.stream().filter(m -> m.topic().equals(ENERGY_STATE))
                        .map(m -> Double.parseDouble(m.payload())).toList();
                assertThat(energy.get(0)).isEqualTo(150.0);
                assertThat(energy.get(energy.size() - 1)).isEqualTo(151.0);
                assertThat(energy).isSorted().doesNotHaveDuplicates();
                List<String> attributes = payloads(followed, ATTRIBUTES);
                assertThat(attributes.get(attributes.size() - 1)).isEqualTo(attributesAfter);
                assertThat(followed).allMatch(Message::retained);
                // Nothing was announced twice: the configs went out once, states only when they changed.
                assertThat(followed).filteredOn(m -> m.topic().endsWith("/config")).hasSize(2);

                ApiClient.Response health = service.get("/health");
                assertThat(health.status()).isEqualTo(200);
                assertThat(health.json().get("mqtt").asText()).isEqualTo("ok");
                assertThat(health.body()).doesNotContain(PASSWORD);
                assertThat(service.get("/statistics").body()).doesNotContain(PASSWORD);
            }
            // A service that stops says so: Home Assistant shows its sensors as unavailable.
            subscriber.awaitUntil(has(AVAILABILITY, "offline"), WAIT);
            try (MqttSubscriber late = MqttSubscriber.subscribe(broker, AVAILABILITY)) {
                assertThat(late.messages()).containsExactly(new Message(AVAILABILITY, "offline", true));
            }
        }
    }

    @Test
    void aConfiguredDevicesAttributesSayItsConfiguredPowerAndTheRuleItsEnergyIsTrustedBy(TestBucket bucket, @TempDir Path dir)
            throws Exception {
        writeThisMorning(bucket);
        try (MosquittoBroker broker = MosquittoBroker.start(freePort(), USER, PASSWORD);
             MqttSubscriber subscriber = MqttSubscriber.subscribe(broker, "#")) {
            Map<String, String> settings = settings(bucket, 3600, broker.url());
            settings.put("correlator.energy.device-power-file",
                    Files.writeString(dir.resolve("device-power.txt"), "switch.lamp 60 1\n").toString());
            try (RunningService service = RunningService.start(settings)) {
                backfill(service, TODAY, today(4, 0));
                // Covered from the first state row (01:00) to the last reading (03:45:05): 5,400 s on at 60 W, 4,505 s
                // off at 1 W: 91.25 Wh, a configured power's confidence (0.677) and range (0.86 to 6.86 times); the
                // power sensor still shows what was learned (100 W), and the uncertainty is of that step.
                String expected = "{\"estimate_source\":\"configured\",\"power_delta_uncertainty_w\":99.0,"
                        + "\"energy_today_wh_low\":78.5,\"energy_today_wh_high\":626.0,\"confidence\":0.677,"
                        + "\"configured_power_w\":60.0,\"configured_standby_w\":1.0}";
                subscriber.awaitUntil(has(ATTRIBUTES, expected), WAIT);
                try (MqttSubscriber late = MqttSubscriber.subscribe(broker, "energy-correlator/switch_lamp/#")) {
                    assertThat(late.messages()).containsExactlyInAnyOrder(new Message(POWER_STATE, "0", true),
                            new Message(ENERGY_STATE, "91.3", true), new Message(ATTRIBUTES, expected, true));
                }
            }
        }
    }

    @Test
    void aProfileThatIsNoLongerConfidentTakesItsSensorsAway(TestBucket bucket) throws Exception {
        writeThisMorning(bucket);
        try (MosquittoBroker broker = MosquittoBroker.start(freePort(), USER, PASSWORD);
             MqttSubscriber subscriber = MqttSubscriber.subscribe(broker, "#");
             RunningService service = RunningService.start(settings(bucket, 3600, broker.url()))) {
            backfill(service, TODAY, today(4, 0));
            // The attributes come after the energy in the same run: both, so that none of this morning's is counted below.
            subscriber.awaitUntil(has(ENERGY_STATE, "150").and(has(ATTRIBUTES, ATTRIBUTES_THIS_MORNING)), WAIT);

            // Four more switchings that draw 20 W or 300 W: the steps scatter, and the profile loses its confidence.
            List<String> lines = new ArrayList<>();
            lines.addAll(lamp(today(5, 0), today(5, 10), 20));
            lines.addAll(lamp(today(6, 0), today(6, 10), 300));
            lines.addAll(lamp(today(7, 0), today(7, 10), 20));
            lines.addAll(lamp(today(8, 0), today(8, 10), 300));
            bucket.write(lines.toArray(String[]::new));
            int before = withoutHeartbeats(subscriber.messages()).size();
            backfill(service, today(4, 0), today(9, 0));
            JsonNode profile = service.get("/devices/switch.lamp").json().get("transitions");
            assertThat(profile).allSatisfy(t -> assertThat(t.get("confidence").asDouble()).isLessThan(0.3));

            List<Message> all = withoutHeartbeats(subscriber.awaitUntil(has(ATTRIBUTES, ""), WAIT));
            assertThat(all.subList(before, all.size())).containsExactly(new Message(POWER_CONFIG, "", true), new Message(ENERGY_CONFIG, "", true),
                            new Message(POWER_STATE, "", true), new Message(ENERGY_STATE, "", true), new Message(ATTRIBUTES, "", true));
            try (MqttSubscriber late = MqttSubscriber.subscribe(broker, "#")) {
                assertThat(late.messages()).containsExactly(new Message(AVAILABILITY, "online", true));
            }
        }
    }

    @Test
    void aBrokerThatIsDownCostsTheCycleNothingAndShowsInHealthUntilItIsBack(TestBucket bucket) throws Exception {
        learnFromLiveCycles(bucket);
        int port = freePort();
        try (RunningService service = RunningService.start(liveSettings(bucket, "tcp://127.0.0.1:" + port, PASSWORD))) {
            JsonNode health = awaitHealth(service, h -> !h.get("mqtt").asText().equals("connecting") && h.get("total_fetches").asLong() >= 2);

            assertCycleUnaffected(bucket, health);
            assertThat(health.get("status").asText()).isEqualTo("degraded");
            assertThat(health.get("mqtt").asText()).isEqualTo("Unable to connect to server (32103): Connection refused");

            try (MosquittoBroker broker = MosquittoBroker.start(port, USER, PASSWORD);
                 MqttSubscriber subscriber = MqttSubscriber.subscribe(broker, "#")) {
                assertSensorsOfTheLiveLamp(subscriber);
                JsonNode healthy = awaitHealth(service, h -> h.get("status").asText().equals("healthy"));
                assertThat(healthy.get("mqtt").asText()).isEqualTo("ok");
            }
        }
    }

    @Test
    void aBrokerThatRefusesThePasswordCostsTheCycleNothingAndShowsInHealth(TestBucket bucket) throws Exception {
        learnFromLiveCycles(bucket);
        String wrong = "wrong-" + UUID.randomUUID();
        int port = freePort();
        MosquittoBroker refusing = MosquittoBroker.start(port, USER, PASSWORD);
        try (RunningService service = RunningService.start(liveSettings(bucket, refusing.url(), wrong))) {
            JsonNode health = awaitHealth(service, h -> !h.get("mqtt").asText().equals("connecting") && h.get("total_fetches").asLong() >= 2);

            assertCycleUnaffected(bucket, health);
            assertThat(health.get("status").asText()).isEqualTo("degraded");
            assertThat(health.get("mqtt").asText()).isEqualTo("Not authorized. (135)");
            assertThat(service.get("/health").body()).doesNotContain(wrong);
            assertThat(service.get("/statistics").body()).doesNotContain(wrong);

            // The broker comes back knowing the password the service has.
            refusing.close();
            refusing = null;
            try (MosquittoBroker broker = MosquittoBroker.start(port, USER, wrong);
                 MqttSubscriber subscriber = MqttSubscriber.subscribe(broker, "#")) {
                assertSensorsOfTheLiveLamp(subscriber);
                JsonNode healthy = awaitHealth(service, h -> h.get("status").asText().equals("healthy"));
                assertThat(healthy.get("mqtt").asText()).isEqualTo("ok");
            }
        } finally {
            if (refusing != null) {
                refusing.close();
            }
        }
    }

    /** The lamp on for 30 s twice in the last few minutes, for the live cycle to learn (2 steps each way: 0.4 confident). */
    private static void learnFromLiveCycles(TestBucket bucket) {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(200);
        List<String> lines = new ArrayList<>(lamp(start, start.plusSeconds(30), 100));
        lines.addAll(lamp(start.plusSeconds(60), start.plusSeconds(90), 100));
        bucket.write(lines.toArray(String[]::new));
    }

    private static Map<String, String> liveSettings(TestBucket bucket, String mqttUrl, String password) {
        Map<String, String> settings = settings(bucket, 0, mqttUrl);
        settings.put("correlator.processing-interval-seconds", "1");
        settings.put("correlator.late-data-grace-seconds", "0");
        settings.put("correlator.mqtt.password", password);
        return settings;
    }

    /** Every cycle succeeded and wrote the lamp's four steps. */
    private static void assertCycleUnaffected(TestBucket bucket, JsonNode health) {
        assertThat(health.get("failed_fetches").asLong()).isZero();
        assertThat(health.get("consecutive_failed_cycles").asLong()).isZero();
        assertThat(health.get("last_error").isNull()).isTrue();
        assertThat(bucket.correlationPoints()).extracting(p -> p.getValueByKey("power_delta_w"))
                .containsExactly(100.0, -100.0, 100.0, -100.0);
    }

    /** The lamp's sensors: configs, off now, 60 s on today at 100 W (1.7 Wh). */
    private static void assertSensorsOfTheLiveLamp(MqttSubscriber subscriber) throws InterruptedException {
        List<Message> lamp = withoutHeartbeats(subscriber.awaitUntil(
                has(ENERGY_STATE, "1.7").and(m -> !payloads(m, ATTRIBUTES).isEmpty()), WAIT));
        assertThat(lamp).extracting(Message::topic).containsExactly(POWER_CONFIG, ENERGY_CONFIG, POWER_STATE, ENERGY_STATE, ATTRIBUTES);
        assertThat(lamp).allMatch(Message::retained);
        assertThat(lamp.get(2).payload()).isEqualTo("0");
    }

    /** The config is exactly this JSON object, as Home Assistant reads it. */
    private static void assertConfig(Message message, String name, String uniqueId, String stateTopic, String deviceClass,
            String stateClass, String unit) throws IOException {
        Map<String, Object> device = new LinkedHashMap<>();
        device.put("identifiers", List.of("energy-correlator"));
        device.put("name", "energy-correlator");
        device.put("manufacturer", "energy-correlator");
        device.put("model", "device power profiles");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("name", name);
        expected.put("unique_id", uniqueId);
        expected.put("state_topic", stateTopic);
        expected.put("json_attributes_topic", ATTRIBUTES);
        expected.put("device_class", deviceClass);
        expected.put("state_class", stateClass);
        expected.put("unit_of_measurement", unit);
        expected.put("availability_topic", AVAILABILITY);
        expected.put("payload_available", "online");
        expected.put("payload_not_available", "offline");
        expected.put("device", device);
        assertThat(JSON.readTree(message.payload())).isEqualTo(JSON.valueToTree(expected));
    }

    private static void assertDiscoveryTopicOfASensor(String topic) {
        var matcher = DISCOVERY_TOPIC.matcher(topic);
        assertThat(matcher.matches()).as(topic).isTrue();
        assertThat(matcher.group("component")).isEqualTo("sensor");
        assertThat(matcher.group("node")).isEqualTo("energy-correlator");
    }

    private static List<String> payloads(List<Message> messages, String topic) {
        return messages.stream().filter(m -> m.topic().equals(topic)).map(Message::payload).toList();
    }

    private static Predicate<List<Message>> has(String topic, String payload) {
        return messages -> messages.stream().anyMatch(m -> m.topic().equals(topic) && m.payload().equals(payload));
    }

    /** The messages other than the availability the service publishes at every run. */
    private static List<Message> withoutHeartbeats(List<Message> messages) {
        return messages.stream().filter(m -> !m.topic().equals(AVAILABILITY)).toList();
    }

    private static void backfill(RunningService service, Instant start, Instant end) throws Exception {
        String range = "{\"start\":\"" + start + "\",\"end\":\"" + end + "\"}";
        assertThat(service.send(HttpRequest.newBuilder(service.uri("/backfill"))
                .POST(HttpRequest.BodyPublishers.ofString(range)).header("Content-Type", "application/json").build())
                .status()).isEqualTo(202);
        long deadline = System.currentTimeMillis() + 60_000;
        JsonNode status = service.get("/backfill").json();
        while ("running".equals(status.get("status").asText()) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            status = service.get("/backfill").json();
        }
        assertThat(status.get("status").asText()).isEqualTo("completed");
    }

    private static JsonNode awaitHealth(RunningService service, Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            ApiClient.Response response = service.get("/health");
            assertThat(response.status()).isEqualTo(200);
            JsonNode health = response.json();
            if (condition.test(health)) {
                return health;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("/health did not come to the expected state within " + WAIT + ": " + health);
            }
            Thread.sleep(200);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
