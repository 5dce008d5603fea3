package io.energycorrelator.support;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.UUID;

/**
 * JUnit 5 extension, registered as a static field with {@code @RegisterExtension}: a house around a real Home Assistant
 * for one test class. Before the class: a real InfluxDB 2.x of the class's own (a {@link ControlledInfluxDb}, which the
 * test may stop and start again) with a bucket, a real Mosquitto that accepts one user, and a real Home Assistant
 * writing into that bucket with its InfluxDB integration and connected to that broker by its MQTT integration
 * ({@code scripts/homeassistant.sh}; see {@link HomeAssistant}). After the class: all of it stopped and removed.
 */
public final class HomeAssistantExtension implements BeforeAllCallback, AfterAllCallback {

    private static final String MQTT_USER = "energy-correlator";

    private ControlledInfluxDb influx;
    private TestBucket bucket;
    private MosquittoBroker broker;
    private HomeAssistant homeAssistant;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        influx = ControlledInfluxDb.start();
        bucket = influx.createBucket("home_assistant");
        broker = MosquittoBroker.start(RunningService.freePort(), MQTT_USER, "ha-" + UUID.randomUUID());
        long started = System.nanoTime();
        homeAssistant = HomeAssistant.start(influx, bucket.name(), broker);
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
