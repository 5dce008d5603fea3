package io.energycorrelator.homeassistant;

import io.energycorrelator.homeassistant.SensorReadings.Reading;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Home Assistant sensors' messages (routes/home-assistant.camel.yaml publishes them, all retained): what is
 * due at each run, and what the broker holds from the service.
 * <p>
 * A run's messages: the service's availability ({@value DiscoveryConfig#ONLINE}, every run, so that a broker that
 * went away shows in /health at the next run); for each device with sensors, the discovery configs of its power and
 * energy sensors, their states and their attributes ({@link SensorAttributes}), each only when it differs from what
 * was last published; and for a device that
 * lost its sensors (its profile went away or is no longer confident), an empty message on each of its topics, which
 * removes the sensors from Home Assistant and the states from the broker. Everything is published again after a
 * failed publish (the broker may have restarted without the retained messages) and once every
 * {@link #FULL_REFRESH}.
 * <p>
 * The topics published are remembered by this process only: a device whose sensors went away while the service
 * was stopped keeps them in Home Assistant until removed there.
 */
public class HomeAssistantSensors {

    /** How often everything is published again, changed or not. */
    public static final Duration FULL_REFRESH = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(HomeAssistantSensors.class);

    private final SensorReadings readings;
    private final SensorTopics topics;
    private final DiscoveryConfig discovery;
    private final MqttStatus status;
    private final Clock clock;
    private final IncreasingEnergy energy = new IncreasingEnergy();
    /** Topic → payload of every message the broker holds from the service, in the order first published. */
    private final Map<String, String> held = new LinkedHashMap<>();
    private boolean everything = true;
    private Instant lastEverything;

    public HomeAssistantSensors(SensorReadings readings, SensorTopics topics, MqttStatus status, Clock clock) {
        this.readings = readings;
        this.topics = topics;
        this.discovery = new DiscoveryConfig(topics);
        this.status = status;
        this.clock = clock;
    }

    /** The messages to publish now, in order: availability, then each device's configs and states, then removals. */
    public synchronized List<SensorMessage> due() {
        Instant now = clock.instant();
        if (lastEverything != null && Duration.between(lastEverything, now).compareTo(FULL_REFRESH) >= 0) {
            everything = true;
        }
        Map<String, String> wanted = wanted();
        List<SensorMessage> due = new ArrayList<>();
        wanted.forEach((topic, payload) -> {
            if (everything || topic.equals(topics.availability()) || !payload.equals(held.get(topic))) {
                due.add(new SensorMessage(topic, payload));
            }
        });
        held.keySet().stream().filter(topic -> !wanted.containsKey(topic)).forEach(topic -> due.add(new SensorMessage(topic, "")));
        return due;
    }

    /** A message went through: the broker holds it (or, for an empty one, no longer holds the topic). */
    public synchronized void published(SensorMessage message) {
        if (message.removes()) {
            held.remove(message.topic());
        } else {
            held.put(message.topic(), message.payload());
        }
    }

    /** Every message of the run went through. */
    public synchronized void allPublished() {
        if (everything) {
            everything = false;
            lastEverything = clock.instant();
        }
        if (status.problem().isPresent()) {
            LOG.info("Home Assistant sensors: publishing to the MQTT broker again");
        }
        status.published();
    }

    /** A publish failed: the rest of the run is dropped, and the next run publishes everything. */
    public synchronized void publishFailed(Exception e) {
        String reason = MqttFailure.describe(e);
        if (!status.problem().map(reason::equals).orElse(false)) {
            LOG.warn("Home Assistant sensors: cannot publish to the MQTT broker, will retry every run: {}", reason);
        }
        everything = true;
        status.failed(reason);
    }

    /** The message that tells Home Assistant the sensors are unavailable (the service is stopping). */
    public List<SensorMessage> offline() {
        return List.of(new SensorMessage(topics.availability(), DiscoveryConfig.OFFLINE));
    }

    /** Topic → payload of every message that should be held now. */
    private Map<String, String> wanted() {
        Map<String, String> wanted = new LinkedHashMap<>();
        wanted.put(topics.availability(), DiscoveryConfig.ONLINE);
        List<Reading> now = readings.now();
        Set<String> shown = new TreeSet<>();
        for (Reading r : now) {
            shown.add(r.entityId());
            wanted.put(topics.config(r.entityId(), Sensor.POWER), discovery.of(r.entityId(), Sensor.POWER));
            wanted.put(topics.config(r.entityId(), Sensor.ENERGY), discovery.of(r.entityId(), Sensor.ENERGY));
        }
        for (Reading r : now) {
            wanted.put(topics.state(r.entityId(), Sensor.POWER), number(r.powerW()));
            if (r.energyTodayWh() != null) {
                wanted.put(topics.state(r.entityId(), Sensor.ENERGY), number(energy.of(r.entityId(), r.day(), r.energyTodayWh())));
            }
            wanted.put(topics.attributes(r.entityId()), r.attributes().json());
        }
        energy.keepOnly(shown);
        return wanted;
    }

    /** Watts or watt-hours as a state: to a tenth, without trailing zeros ({@code 100}, {@code 2.8}). */
    static String number(double value) {
        return BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
