package io.energycorrelator.support;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * JUnit 5 extension, registered as a static field with {@code @RegisterExtension}: a house around a real Home Assistant
 * for one test class. Before the class: a real InfluxDB 2.x of the class's own (a {@link ControlledInfluxDb}, which the
 * test may stop and start again) with a bucket, a real Mosquitto that accepts one user, and a real Home Assistant
 * writing into that bucket with its InfluxDB integration and connected to that broker by its MQTT integration
 * ({@code scripts/homeassistant.sh}; see {@link HomeAssistant}). After the class: all of it stopped and removed.
 * {@link #onInfluxDb18} makes it the Home Assistant OS set-up instead: InfluxDB 1.8, written with api_version 1.
 */
public final class HomeAssistantExtension implements BeforeAllCallback, AfterAllCallback {

    private static final String MQTT_USER = "energy-correlator";

    private final String influxVersion;
    private final int maxRetries;
    private ControlledInfluxDb influx;
    private TestBucket bucket;
    private MosquittoBroker broker;
    private HomeAssistant homeAssistant;

    /** InfluxDB 2.x, written with api_version 2 (its max_retries left at 0: it does not apply to 2). */
    public HomeAssistantExtension() {
        this("2", 0);
    }

    private HomeAssistantExtension(String influxVersion, int maxRetries) {
        this.influxVersion = influxVersion;
        this.maxRetries = maxRetries;
    }

    /** InfluxDB 1.8, written with api_version 1, a failed write retried {@code maxRetries} times 20 s apart. */
    public static HomeAssistantExtension onInfluxDb18(int maxRetries) {
        return new HomeAssistantExtension("1.8", maxRetries);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        influx = ControlledInfluxDb.start(influxVersion);
        bucket = influx.createBucket("home_assistant");
        broker = MosquittoBroker.start(RunningService.freePort(), MQTT_USER, "ha-" + UUID.randomUUID());
        long started = System.nanoTime();
        homeAssistant = HomeAssistant.start(influx, bucket.name(), maxRetries, broker);
        System.out.printf("Home Assistant under test at %s, up and onboarded in %.1f s%n", homeAssistant.url(),
                (System.nanoTime() - started) / 1e9);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        // Each in turn, whatever the one before did; Home Assistant first, so that it writes nothing more.
        try (ControlledInfluxDb i = influx; TestBucket b = bucket; MosquittoBroker m = broker; HomeAssistant h = homeAssistant) {
            // closed in reverse order: Home Assistant, the broker, the bucket, InfluxDB
        }
    }

    /**
     * The service's environment for this house: its bucket, Home Assistant's layout with the template meter, and the
     * broker. Cycles every 2 s, publishes every 2 s; a grace of 5 s for late meter rows, since Home Assistant writes
     * the meter in the same batch as the switch.
     */
    public Map<String, String> serviceEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("INFLUXDB_URL", bucket.url());
        env.put("INFLUXDB_TOKEN", bucket.token());
        env.put("INFLUXDB_ORG", bucket.org());
        env.put("INFLUXDB_BUCKET", bucket.name());
        env.put("CORRELATOR_SCHEMA", "home-assistant");
        env.put("METER_ENTITY_ID", "sensor.house_power");
        env.put("LATE_DATA_GRACE_SECONDS", "5");
        env.put("PROCESSING_INTERVAL", "2");
        env.put("FIRST_CYCLE_DELAY", "1");
        env.put("INFLUXDB_TIMEOUT_SECONDS", "3");
        env.put("MQTT_URL", broker.url());
        env.put("MQTT_USERNAME", broker.user());
        env.put("MQTT_PASSWORD", broker.password());
        env.put("MQTT_PUBLISH_INTERVAL", "2");
        return env;
    }

    public HomeAssistant homeAssistant() {
        return homeAssistant;
    }

    /** Home Assistant's InfluxDB server, which the test may stop and start again. */
    public ControlledInfluxDb influx() {
        return influx;
    }

    /** The bucket Home Assistant writes to. */
    public TestBucket bucket() {
        return bucket;
    }

    public MosquittoBroker broker() {
        return broker;
    }
}
