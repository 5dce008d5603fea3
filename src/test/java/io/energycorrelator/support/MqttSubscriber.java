package io.energycorrelator.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code mosquitto_sub} on a {@link MosquittoBroker}: every message published on a topic filter, in the order
 * the broker delivered them. {@link #subscribe} returns once the subscription is live: it has received a
 * probe message of its own (on a topic outside the filter, and left out of {@link #messages()}). Each message
 * comes with its retain flag as the publisher set it (MQTT 5's retain-as-published), whether it was published
 * before the subscription or while it lasted.
 */
public final class MqttSubscriber implements AutoCloseable {

    private static final String PROBE_TOPIC = "energy-correlator-it/subscriber-ready";

    private final MosquittoBroker broker;
    private final Process process;
    private final List<Message> received = new ArrayList<>();
    private boolean probed;

    /** One MQTT message: its topic, its payload as text (empty: none), and whether it was published retained. */
    public record Message(String topic, String payload, boolean retained) {
    }

    private MqttSubscriber(MosquittoBroker broker, Process process) {
        this.broker = broker;
        this.process = process;
        Thread reader = new Thread(this::read, "mosquitto_sub-reader");
        reader.setDaemon(true);
        reader.start();
    }

    public static MqttSubscriber subscribe(MosquittoBroker broker, String topicFilter) throws IOException, InterruptedException {
        // One message a line, "<retain flag 0|1> <topic> <payload>" (the payloads here are one-line JSON or empty).
        Process process = new ProcessBuilder("mosquitto_sub", "-h", "127.0.0.1", "-p", Integer.toString(broker.port()),
                "-u", broker.user(), "-P", broker.password(), "-q", "1", "-V", "mqttv5", "--retain-as-published",
                "-F", "%r %t %p", "-t", topicFilter, "-t", PROBE_TOPIC)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        MqttSubscriber subscriber = new MqttSubscriber(broker, process);
        try {
            subscriber.awaitProbe();
        } catch (IOException | InterruptedException | RuntimeException e) {
            subscriber.close();
            throw e;
        }
        return subscriber;
    }

    /** Publishes probes until one comes back: from then on, nothing published on the filter is missed. */
    private void awaitProbe() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            Process publish = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(broker.port()),
                    "-u", broker.user(), "-P", broker.password(), "-t", PROBE_TOPIC, "-m", "ready")
                    .redirectErrorStream(true).start();
            publish.waitFor(10, TimeUnit.SECONDS);
            synchronized (this) {
                wait(500);
                if (probed) {
                    return;
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("mosquitto_sub exited with " + process.exitValue());
            }
        }
        throw new IllegalStateException("mosquitto_sub did not receive its probe within 20 s");
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                boolean retained = line.startsWith("1 ");
                String rest = line.substring(2);
                int space = rest.indexOf(' ');
                String topic = space < 0 ? rest : rest.substring(0, space);
                synchronized (this) {
                    if (topic.equals(PROBE_TOPIC)) {
                        probed = true;
                    } else {
                        received.add(new Message(topic, space < 0 ? "" : rest.substring(space + 1), retained));
                    }
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // the process was closed
        }
    }

    /** Waits until at least {@code count} messages have come; returns all of them so far. */
    public synchronized List<Message> awaitMessages(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (received.size() < count) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new AssertionError("expected " + count + " MQTT messages within " + timeout + ", received " + received);
            }
            wait(left);
        }
        return List.copyOf(received);
    }

    /** Waits until the messages so far satisfy the condition; returns all of them so far. */
    public synchronized List<Message> awaitUntil(Predicate<List<Message>> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.test(received)) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new AssertionError("the MQTT messages did not come within " + timeout + ", received " + received);
            }
            wait(left);
        }
        return List.copyOf(received);
    }

    public synchronized List<Message> messages() {
        return List.copyOf(received);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
