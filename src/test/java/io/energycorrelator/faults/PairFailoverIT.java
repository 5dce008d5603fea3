package io.energycorrelator.faults;

import com.fasterxml.jackson.databind.JsonNode;
import io.energycorrelator.support.Household;
import io.energycorrelator.support.InfluxDbExtension;
import io.energycorrelator.support.MosquittoBroker;
import io.energycorrelator.support.MqttSubscriber;
import io.energycorrelator.support.MqttSubscriber.Message;
import io.energycorrelator.support.PackagedService;
import io.energycorrelator.support.RunningService;
import io.energycorrelator.support.TestBucket;
import io.energycorrelator.support.ZooKeeperExtension;
import io.energycorrelator.support.ZooKeeperServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * An active/passive pair: the packaged service twice (nodes a and b) on one real ZooKeeper and one real InfluxDB,
 * the leader taken away in each way a host goes, and the output bucket compared point by point (the correlations, and
 * the device profiles as a restart reads them) with a single process's run of the same data. The takeover time is
 * measured (from the fault to the new leader's first successful cycle) and must stay within the session timeout, the
 * first-cycle delay and 5 s.
 */
@ExtendWith({InfluxDbExtension.class, ZooKeeperExtension.class})
class PairFailoverIT {

    private static final int EVENTS = 3_000;
    private static final int SESSION_TIMEOUT_SECONDS = 4;
    private static final int FIRST_CYCLE_DELAY_SECONDS = 1;
    private static final Duration TAKEOVER_LIMIT = Duration.ofSeconds(SESSION_TIMEOUT_SECONDS + FIRST_CYCLE_DELAY_SECONDS + 5);

    /** The same household for every test: state changes 20 s apart (no two share a meter reading), ending 5 min ago. */
    private static final Instant FIRST = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(1_005));
    private static final List<String> LINES = Household.switches("pair", FIRST, EVENTS, Duration.ofSeconds(20));

    private static List<String> expected;
    private static List<String> expectedProfiles;

    /** 50 state changes a cycle, a cycle a second: a run of the data takes some 60 cycles, to fail over in the middle of. */
    private static Map<String, String> environment(TestBucket bucket) {
        Map<String, String> environment = PackagedService.environmentFor(bucket);
        environment.put("LOOKBACK_MINUTES", "1200");
        environment.put("MAX_EVENTS_PER_CYCLE", "50");
        environment.put("PROCESSING_INTERVAL", "1");
        environment.put("FIRST_CYCLE_DELAY", Integer.toString(FIRST_CYCLE_DELAY_SECONDS));
        environment.put("MAX_READING_GAP_SECONDS", "2");
        environment.put("LATE_DATA_GRACE_SECONDS", "0");
        return environment;
    }

    private static Map<String, String> node(TestBucket bucket, ZooKeeperServer zookeeper, String id) {
        Map<String, String> environment = environment(bucket);
        environment.put("CLUSTER_ZOOKEEPER", zookeeper.connectString());
        environment.put("CLUSTER_NODE_ID", id);
        environment.put("CLUSTER_SESSION_TIMEOUT_SECONDS", Integer.toString(SESSION_TIMEOUT_SECONDS));
        return environment;
    }

    /**
     * The reference: one process (no CLUSTER_ZOOKEEPER), the same data, the same settings. (Its bucket is the class's
     * first TestBucket parameter; each test's own bucket is its second parameter, so that it is a bucket of its own.)
     */
    @BeforeAll
    static void singleProcessRun(TestBucket reference) throws Exception {
        reference.writeAll(LINES);
        try (PackagedService single = PackagedService.start(environment(reference))) {
            JsonNode health = single.api().get("/health").json();
            assertThat(health.get("role").asText()).isEqualTo("single");
            assertThat(single.output()).doesNotContain("Cluster:").doesNotContain("org.apache.zookeeper")
                    .doesNotContain("org.apache.curator");
            assertThat(health.has("zookeeper")).isTrue();
            assertThat(health.get("zookeeper").isNull()).isTrue();
            single.api().await("/statistics", s -> s.get("total_events_processed").asLong() >= EVENTS, 180);
            JsonNode statistics = single.api().get("/statistics").json();
            assertThat(statistics.get("role").asText()).isEqualTo("single");
            assertThat(statistics.get("total_events_processed").asLong()).isEqualTo(EVENTS);
        }
        expected = reference.correlationLines();
        expectedProfiles = profileLines(reference);
        assertThat(expected).hasSize(Household.written(EVENTS));
        assertThat(expectedProfiles).hasSize(40);
    }

    @Test
    void theLeaderKilledInTheMiddleOfACycleTheStandbyTakesOverAndWritesWhatOneProcessWrites(ZooKeeperServer zookeeper,
            TestBucket bucket) throws Exception {
        bucket.writeAll(LINES);
        try (Pair pair = Pair.start(bucket, zookeeper)) {
            long pointsAtKill = awaitPoints(bucket, expected.size() / 5);
            killInsideACycle(pair.leader());
            Instant killed = Instant.now();
            Duration takeover = awaitFirstCycleAsLeader(pair.standby(), killed);
            System.out.printf("PairFailoverIT SIGKILL: %d of %d correlations written at the kill; the standby's first cycle %.1f s later%n",
                    pointsAtKill, expected.size(), takeover.toMillis() / 1000.0);
            assertThat(pointsAtKill).isBetween(1L, (long) expected.size() - 1);
            assertThat(takeover).isLessThanOrEqualTo(TAKEOVER_LIMIT);
            awaitAllWritten(bucket);
            assertThat(pair.standby().api().get("/statistics").json().get("leader").asText()).isEqualTo(pair.standbyId());
        }
        assertSameOutputAsOneProcess(bucket);
    }

    /**
     * A → B → A: the leader paused (SIGSTOP) past its session, node b takes over; the paused node resumed (SIGCONT) is a
     * standby that writes nothing of its own (it may at most finish the write it was paused in, which is the same
     * points); node b stopped with SIGTERM, node a leads again, reading the watermark and the profiles node b left.
     */
    @Test
    void aPausedLeaderResumesAsStandbyAndLeadsAgainAfterTheOtherStopsWithoutGoingBack(ZooKeeperServer zookeeper,
            TestBucket bucket) throws Exception {
        bucket.writeAll(LINES);
        try (Pair pair = Pair.start(bucket, zookeeper)) {
            PackagedService a = pair.leader();
            PackagedService b = pair.standby();
            awaitPoints(bucket, expected.size() / 5);
            Instant paused = Instant.now();
            signal(a, "STOP");
            Duration takeover;
            try {
                takeover = awaitFirstCycleAsLeader(b, paused);
                Thread.sleep(2_000);
            } finally {
                signal(a, "CONT");
            }
            System.out.printf("PairFailoverIT SIGSTOP: the standby's first cycle %.1f s after the leader was paused%n",
                    takeover.toMillis() / 1000.0);
            assertThat(takeover).isLessThanOrEqualTo(TAKEOVER_LIMIT);
            // resumed, it first finds its session gone (503 while it has none), then reconnects as a standby
            JsonNode resumed = a.api().await("/health", h -> "standby".equals(h.get("role").asText())
                    && "ok".equals(h.get("zookeeper").asText()), 30);
            assertThat(resumed.get("node").asText()).isEqualTo(pair.leaderId());
            assertThat(a.api().get("/health").status()).isEqualTo(200);
            assertThat(leaders(a, b)).containsExactly(pair.standbyId());

            // node b works on, then stops as an operator stops it
            awaitPoints(bucket, expected.size() * 3 / 5);
            Instant terminated = Instant.now();
            Duration takeBack;
            assertThat(b.terminate(40)).isEqualTo(143); // ended by SIGTERM, as the JVM reports it
            takeBack = awaitFirstCycleAsLeader(a, terminated);
            System.out.printf("PairFailoverIT SIGTERM: the first leader's first cycle of its new term %.1f s after the second was sent SIGTERM%n",
                    takeBack.toMillis() / 1000.0);
            assertThat(takeBack).isLessThanOrEqualTo(TAKEOVER_LIMIT);
            awaitAllWritten(bucket);
            assertThat(a.output()).contains("Device profiles: 40 restored from InfluxDB");
        }
        assertSameOutputAsOneProcess(bucket);
    }

    /**
     * ZooKeeper itself stopped longer than the session timeout: the leader stops writing at once (a node that cannot
     * tell whether another leads must not write), both nodes say so on /health (503); once ZooKeeper is back exactly
     * one node leads, and the output is what one process writes.
     */
    @Test
    void zooKeeperDownLongerThanTheSessionTheLeaderStopsWritingAndOneLeadsOnceItIsBack(ZooKeeperServer zookeeper,
            TestBucket bucket) throws Exception {
        bucket.writeAll(LINES);
        try (Pair pair = Pair.start(bucket, zookeeper)) {
            PackagedService a = pair.leader();
            PackagedService b = pair.standby();
            awaitPoints(bucket, expected.size() / 5);
            zookeeper.kill();
            Instant down = Instant.now();
            // a cycle in flight may finish its write; then nothing more
            Thread.sleep(2_000);
            long pointsSoonAfter = bucket.correlationLines().size();
            JsonNode aHealth = a.api().await("/health", h -> "standby".equals(h.get("role").asText()), 5);
            Thread.sleep(Duration.ofSeconds(SESSION_TIMEOUT_SECONDS * 2L).toMillis());
            long pointsLater = bucket.correlationLines().size();
            System.out.printf("PairFailoverIT ZooKeeper down: %d correlations 2 s after, %d after %d s more (of %d)%n",
                    pointsSoonAfter, pointsLater, SESSION_TIMEOUT_SECONDS * 2, expected.size());
            assertThat(pointsLater).as("no node writes while ZooKeeper is down").isEqualTo(pointsSoonAfter);
            assertThat(pointsLater).isLessThan(expected.size());
            assertThat(aHealth.get("zookeeper").asText()).isEqualTo("not connected to ZooKeeper");
            for (PackagedService node : List.of(a, b)) {
                var health = node.api().get("/health");
                assertThat(health.status()).isEqualTo(503);
                assertThat(health.json().get("status").asText()).isEqualTo("unhealthy");
                assertThat(health.json().get("role").asText()).isEqualTo("standby");
            }

            zookeeper.restart();
            Instant back = Instant.now();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (leaders(a, b).size() != 1 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            System.out.printf("PairFailoverIT ZooKeeper back: one leader (%s) %.1f s after the restart (down %.1f s)%n",
                    leaders(a, b), Duration.between(back, Instant.now()).toMillis() / 1000.0,
                    Duration.between(down, back).toMillis() / 1000.0);
            // never two, while the rest is written
            while (bucket.correlationLines().size() < expected.size()) {
                assertThat(leaders(a, b)).hasSize(1);
                assertThat(System.nanoTime()).as("all written within 60 s of ZooKeeper's return").isLessThan(deadline);
                Thread.sleep(200);
            }
            awaitAllWritten(bucket);
            assertThat(leaders(a, b)).hasSize(1);
        }
        assertSameOutputAsOneProcess(bucket);
    }

    /**
     * The MQTT availability: the leader publishes "online"; a standby never connects, so a standby stopping leaves it
     * as it is; the leader stopping (no node leads then) says "offline".
     */
    @Test
    void onlyTheLeaderPublishesTheAvailabilityAndAStandbyStoppingLeavesItOnline(ZooKeeperServer zookeeper, TestBucket bucket)
            throws Exception {
        String availability = "energy-correlator/status";
        String password = "it-" + UUID.randomUUID();
        try (MosquittoBroker broker = MosquittoBroker.start(RunningService.freePort(), "energy-correlator", password);
             MqttSubscriber subscriber = MqttSubscriber.subscribe(broker, availability)) {
            Map<String, String> mqtt = Map.of("MQTT_URL", broker.url(), "MQTT_USERNAME", broker.user(), "MQTT_PASSWORD", password,
                    "MQTT_PUBLISH_INTERVAL", "1");
            try (Pair pair = Pair.start(bucket, zookeeper, mqtt)) {
                subscriber.awaitUntil(m -> m.contains(new Message(availability, "online", false))
                        || m.contains(new Message(availability, "online", true)), Duration.ofSeconds(30));
                assertThat(pair.standby().terminate(40)).isEqualTo(143);
                Thread.sleep(3_000);
                assertThat(subscriber.messages()).extracting(Message::payload).containsOnly("online");
                assertThat(pair.leader().terminate(40)).isEqualTo(143);
                List<Message> messages = subscriber.awaitUntil(m -> m.stream().anyMatch(x -> x.payload().equals("offline")),
                        Duration.ofSeconds(10));
                assertThat(messages.get(messages.size() - 1).payload()).isEqualTo("offline");
            }
        }
    }

    // --- the pair -----------------------------------------------------------------------------------------------

    /**
     * Nodes a and b, started side by side (so that the standby is up before the leader is far into the data), on
     * the same bucket and ZooKeeper; whichever leads first is {@code leader}.
     */
    private record Pair(PackagedService leader, String leaderId, PackagedService standby, String standbyId)
            implements AutoCloseable {

        static Pair start(TestBucket bucket, ZooKeeperServer zookeeper) throws Exception {
            return start(bucket, zookeeper, Map.of());
        }

        static Pair start(TestBucket bucket, ZooKeeperServer zookeeper, Map<String, String> more) throws Exception {
            Map<String, String> envA = node(bucket, zookeeper, "node-a");
            Map<String, String> envB = node(bucket, zookeeper, "node-b");
            envA.putAll(more);
            envB.putAll(more);
            CompletableFuture<PackagedService> a = CompletableFuture.supplyAsync(() -> started(envA));
            CompletableFuture<PackagedService> b = CompletableFuture.supplyAsync(() -> started(envB));
            PackagedService nodeA = a.join();
            PackagedService nodeB = b.join();
            Pair pair = new Pair(nodeA, "node-a", nodeB, "node-b");
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (leaders(nodeA, nodeB).size() != 1) {
                    assertThat(System.nanoTime()).as("one of the two leads within 30 s").isLessThan(deadline);
                    Thread.sleep(100);
                }
                if (!leaders(nodeA, nodeB).get(0).equals("node-a")) {
                    pair = new Pair(nodeB, "node-b", nodeA, "node-a");
                }
                assertStandby(pair.standby(), pair.leaderId());
                return pair;
            } catch (Exception | AssertionError e) {
                pair.close(); // a pair that did not start is not the test's to close: no process outlives it
                throw e;
            }
        }

        private static PackagedService started(Map<String, String> environment) {
            try {
                return PackagedService.start(environment);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() throws IOException {
            try (PackagedService first = leader; PackagedService second = standby) {
                // both are ended, whatever the test left running
            }
        }
    }

    /**
     * A standby is healthy (200), says so, names the leader, and answers a POST /backfill with 409 naming it. The
     * standby learns who leads from ZooKeeper a moment after the leader knows it leads (until then it names none).
     */
    private static void assertStandby(PackagedService node, String leader) throws Exception {
        JsonNode health = node.api().await("/health", h -> "ok".equals(h.get("zookeeper").asText())
                && "ok".equals(h.get("influxdb").asText()), 30);
        assertThat(health.get("role").asText()).isEqualTo("standby");
        assertThat(health.get("status").asText()).isEqualTo("healthy");
        assertThat(node.api().get("/health").status()).isEqualTo(200);
        JsonNode statistics = node.api().await("/statistics", st -> leader.equals(st.path("leader").asText()), 30);
        assertThat(statistics.get("role").asText()).isEqualTo("standby");
        assertThat(statistics.get("leader").asText()).isEqualTo(leader);
        var refused = node.api().postJson("/backfill", "{\"start\":\"2024-01-01T00:00:00Z\",\"end\":\"2024-01-02T00:00:00Z\"}");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("leader").asText()).isEqualTo(leader);
        assertThat(refused.json().get("node").asText()).isEqualTo(health.get("node").asText());
    }

    /** The node ids that say they lead (a node that does not answer is left out). */
    private static List<String> leaders(PackagedService... nodes) {
        List<String> leaders = new ArrayList<>();
        for (PackagedService node : nodes) {
            try {
                JsonNode health = node.api().get("/health").json();
                if ("leader".equals(health.get("role").asText())) {
                    leaders.add(health.get("node").asText());
                }
            } catch (IOException | InterruptedException | RuntimeException gone) {
                // a node that was stopped
            }
        }
        return leaders;
    }

    /** From the fault to the node's first successful cycle as leader. */
    private static Duration awaitFirstCycleAsLeader(PackagedService node, Instant fault) throws Exception {
        node.api().await("/health", h -> "leader".equals(h.get("role").asText()) && !h.get("last_successful_fetch").isNull()
                && Instant.parse(h.get("last_successful_fetch").asText()).isAfter(fault), 60);
        JsonNode health = node.api().get("/health").json();
        return Duration.between(fault, Instant.parse(health.get("last_successful_fetch").asText()));
    }

    private static void signal(PackagedService node, String signal) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(node.pid())).inheritIO().start().waitFor()).isZero();
    }

    // --- the output -------------------------------------------------------------------------------------------

    /**
     * Kills a node (SIGKILL) while its correlate route has a cycle in flight: the route's JMX attribute
     * ExchangesInflight, read through the node's local management agent (the JDK's attach API), is polled until a
     * cycle is running, then the node is killed at once: between a cycle's read and the end of its write.
     */
    private static void killInsideACycle(PackagedService node) throws Exception {
        node.killInsideAnExchangeOf(List.of("correlate"));
    }

    private static long awaitPoints(TestBucket bucket, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            long points = bucket.correlationLines().size();
            if (points >= atLeast) {
                return points;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("fewer than " + atLeast + " correlations written within 120 s");
    }

    /** Every correlation written, and two more cycles' time for the profiles of the last write to be read back. */
    private static void awaitAllWritten(TestBucket bucket) throws InterruptedException {
        awaitPoints(bucket, expected.size());
        Thread.sleep(3_000);
    }

    private static void assertSameOutputAsOneProcess(TestBucket bucket) {
        List<String> lines = bucket.correlationLines();
        assertThat(lines).hasSize(expected.size()).doesNotHaveDuplicates().isEqualTo(expected);
        assertThat(profileLines(bucket)).isEqualTo(expectedProfiles);
    }

    /** The newest stored profile of each device transition: what a node reads when it takes over. */
    private static List<String> profileLines(TestBucket bucket) {
        return bucket.query("""
                from(bucket: BUCKET) |> range(start: -400d)
                  |> filter(fn: (r) => r._measurement == "device_power_profile" and r._field == "recent_steps")
                  |> last() |> group() |> sort(columns: ["entity_id", "transition"])""").stream()
                .map(r -> r.getValueByKey("entity_id") + " " + r.getValueByKey("transition") + " " + r.getValue()).toList();
    }
}
